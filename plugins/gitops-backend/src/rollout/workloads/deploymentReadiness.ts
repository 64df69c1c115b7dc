import type { Deployment } from '../../kube/kubeTypes';
import type { Readiness } from './types';

export interface ReadinessOptions {
  /** The rollout's `progressDeadlineSeconds`: how long pods may stay unavailable. */
  deadlineSeconds: number;
  /** Percentage of updated replicas that must be available. */
  readyThreshold: number;
  now: Date;
}

const waiting = (message: string, retriable = true): Readiness => ({
  ready: false,
  retriable,
  message: `waiting for rollout to finish: ${message}`,
});

/**
 * Whether a Deployment has rolled out, with Flagger's rules and wording
 * (docs/rollout-engine.md#readiness). One addition: a Deployment scaled
 * to zero is not ready, since nothing can serve (it must be scaled up first).
 */
export function deploymentReadiness(
  deployment: Deployment,
  options: ReadinessOptions,
): Readiness {
  const generation = deployment.metadata.generation ?? 0;
  const status = deployment.status ?? {};
  if (generation > (status.observedGeneration ?? 0)) {
    return waiting(
      'observed deployment generation less than desired generation',
    );
  }
  const conditions = status.conditions ?? [];
  const progressing = conditions.find(c => c.type === 'Progressing');
  const available = conditions.find(c => c.type === 'Available');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      ready: false,
      retriable: false,
      message: `deployment ${JSON.stringify(
        deployment.metadata.name,
      )} exceeded its progress deadline`,
    };
  }
  // Stuck without available pods for longer than the rollout's deadline: waiting will not help.
  let retriable = true;
  if (
    progressing &&
    available?.status === 'False' &&
    available.reason === 'MinimumReplicasUnavailable'
  ) {
    const since = Date.parse(available.lastUpdateTime ?? '');
    if (!Number.isNaN(since))
      retriable =
        since + options.deadlineSeconds * 1000 >= options.now.getTime();
  }

  const wanted = deployment.spec.replicas;
  const replicas = status.replicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const availableReplicas = status.availableReplicas ?? 0;
  const needed = Math.floor((updated * options.readyThreshold) / 100);
  if (wanted !== undefined && updated < wanted) {
    return waiting(
      `${updated} out of ${wanted} new replicas have been updated`,
      retriable,
    );
  }
  if (replicas > updated) {
    return waiting(
      `${replicas - updated} old replicas are pending termination`,
      retriable,
    );
  }
  if (availableReplicas < needed) {
    return waiting(
      `${availableReplicas} of ${needed} (readyThreshold ${options.readyThreshold}%) updated replicas are available`,
      retriable,
    );
  }
  if (wanted === 0) {
    return waiting(
      `0 of 0 updated replicas are available: the deployment is scaled to zero`,
    );
  }
  return { ready: true, retriable: true };
}
