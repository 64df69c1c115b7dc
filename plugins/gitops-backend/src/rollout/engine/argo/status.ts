import type { ArgoRolloutView } from '@slipway/plugin-gitops-common';
import type { ArgoRolloutState } from './state';

/** Argo's status and AnalysisRuns as the REST API shows them; newest runs first. */
export function argoStatusOf(argo: ArgoRolloutState): ArgoRolloutView {
  const { status } = argo;
  const weights = status.canary.weights;
  return {
    phase: status.phase,
    message: status.message,
    revision: status.revision,
    ...(status.currentStepIndex !== undefined
      ? { currentStepIndex: status.currentStepIndex }
      : {}),
    stableHash: status.stableRS,
    currentHash: status.currentPodHash,
    aborted: status.abort,
    pausedByUser: status.pausedByUser,
    pauseReasons: status.pauseConditions.map(c => c.reason),
    desiredReplicas: argo.desiredReplicas,
    replicas: status.replicas,
    updatedReplicas: status.updatedReplicas,
    readyReplicas: status.readyReplicas,
    availableReplicas: status.availableReplicas,
    ...(weights
      ? {
          weights: {
            canary: weights.canary.weight,
            stable: weights.stable.weight,
            ...(weights.verified !== undefined
              ? { verified: weights.verified }
              : {}),
          },
        }
      : {}),
    analysisRuns: Object.entries(argo.runs)
      .sort(([, a], [, b]) => b.run.startedAt - a.run.startedAt)
      .map(([name, { kind, run }]) => ({
        name,
        kind,
        phase: run.phase,
        ...(run.message ? { message: run.message } : {}),
        metrics: run.metricResults.map(m => {
          const last = m.measurements[m.measurements.length - 1];
          return {
            name: m.name,
            phase: m.phase,
            count: m.count,
            successful: m.successful,
            failed: m.failed,
            inconclusive: m.inconclusive,
            error: m.error,
            dryRun: m.dryRun,
            ...(last
              ? {
                  latest: {
                    phase: last.phase,
                    ...(last.value !== undefined ? { value: last.value } : {}),
                    ...(last.message ? { message: last.message } : {}),
                    finishedAt: new Date(last.finishedAt).toISOString(),
                  },
                }
              : {}),
          };
        }),
      })),
  };
}
