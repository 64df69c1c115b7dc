import { isCompleted } from '../../argo/analysis';
import type { ArgoRolloutStatus } from '../../argo/controller/types';
import type { ArgoRolloutSpec } from '../../argo/spec/types';
import type { ArgoRolloutState } from './state';

type Runs = ArgoRolloutState['runs'];

/** The runs the status still names: the planner reads their phases. */
function referenced(status: ArgoRolloutStatus): Set<string> {
  const names = [
    status.canary.currentStepAnalysisRunStatus?.name,
    status.canary.currentBackgroundAnalysisRunStatus?.name,
    status.blueGreen.prePromotionAnalysisRunStatus?.name,
    status.blueGreen.postPromotionAnalysisRunStatus?.name,
  ];
  return new Set(names.filter((n): n is string => Boolean(n)));
}

/**
 * Argo's AnalysisRun history limits (`spec.analysis`): running runs and
 * those the status names are kept; of the rest, the newest successful and
 * unsuccessful ones up to their limits.
 */
export function pruneRuns(
  runs: Runs,
  status: ArgoRolloutStatus,
  spec: ArgoRolloutSpec,
): Runs {
  const keep = referenced(status);
  const done = Object.entries(runs)
    .filter(([name, r]) => !keep.has(name) && isCompleted(r.run.phase))
    .sort(([, a], [, b]) => b.run.startedAt - a.run.startedAt);
  const successful = done.filter(([, r]) => r.run.phase === 'Successful');
  const unsuccessful = done.filter(([, r]) => r.run.phase !== 'Successful');
  const dropped = new Set([
    ...successful
      .slice(spec.analysis.successfulRunHistoryLimit)
      .map(([name]) => name),
    ...unsuccessful
      .slice(spec.analysis.unsuccessfulRunHistoryLimit)
      .map(([name]) => name),
  ]);
  return Object.fromEntries(
    Object.entries(runs).filter(([name]) => !dropped.has(name)),
  );
}
