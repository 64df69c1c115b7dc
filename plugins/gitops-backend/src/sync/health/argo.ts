import { HealthStatus } from '@slipway/plugin-gitops-common';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  getAnnotations,
  getArray,
  getConditions,
  getCount,
  getGeneration,
  getOptionalNumber,
  getPath,
  getString,
} from './fields';
import { HEALTH_ORDER } from './order';
import { HealthAssessment } from './types';

/*
 * Argo Workflows and Argo Rollouts, judged as Argo CD judges them. Messages
 * keep Argo CD's wording so people can search for them.
 */

const WORKFLOW_PHASE_HEALTH: ReadonlyMap<string, HealthStatus> = new Map([
  ['', 'Progressing'],
  ['Pending', 'Progressing'],
  ['Running', 'Progressing'],
  ['Succeeded', 'Healthy'],
  ['Failed', 'Degraded'],
  ['Error', 'Degraded'],
]);

/** Workflow: its phase, with the controller's message; no phase yet is progress. */
export function argoWorkflowHealth(obj: KubernetesObject): HealthAssessment {
  const phase = getString(obj, 'status', 'phase') ?? '';
  return {
    status: WORKFLOW_PHASE_HEALTH.get(phase) ?? 'Unknown',
    message: getString(obj, 'status', 'message') ?? '',
  };
}

const WORKLOAD_GENERATION = 'rollout.argoproj.io/workload-generation';

/** Whether a field is there; JSON null counts as absent. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A number, or a string spelling one; Rollouts keep generations as strings. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  return typeof value === 'string' && NUMERIC.test(value)
    ? Number(value)
    : undefined;
}

/**
 * Whether the controller has seen the latest spec. Before Argo Rollouts 0.10
 * observedGeneration held a spec hash, which is never compared: a hash that
 * is no number, or reads as one above the generation, counts as observed.
 */
function isSpecObserved(obj: KubernetesObject): boolean {
  const status = getPath(obj, 'status');
  if (!isSet(status)) {
    return false;
  }
  const observed = toNumber(getPath(status, 'observedGeneration'));
  if (observed !== undefined && observed < getGeneration(obj)) {
    return false;
  }
  // A Rollout that references a Deployment also tracks that one's generation.
  if (
    !isSet(getPath(obj, 'spec', 'workloadRef')) ||
    !isSet(getPath(obj, 'metadata', 'annotations'))
  ) {
    return true;
  }
  return (
    toNumber(getAnnotations(obj)[WORKLOAD_GENERATION]) ===
    toNumber(getPath(status, 'workloadObservedGeneration'))
  );
}

const HEALTH_STATUSES: ReadonlySet<unknown> = new Set(HEALTH_ORDER);

/** Argo Rollouts 1.0+ writes its own verdict; only Paused needs renaming. */
function rolloutPhaseHealth(
  obj: KubernetesObject,
  phase: unknown,
): HealthAssessment {
  const message = getString(obj, 'status', 'message') ?? '';
  if (phase === 'Paused') {
    return { status: 'Suspended', message };
  }
  if (HEALTH_STATUSES.has(phase)) {
    return { status: phase as HealthStatus, message };
  }
  return {
    status: 'Unknown',
    message: `Rollout phase "${String(phase)}" is not a health status`,
  };
}

/** Message of the first condition saying the rollout cannot go on. */
function rolloutFailure(obj: KubernetesObject): string | undefined {
  const failed = getConditions(obj).find(
    c =>
      c.type === 'InvalidSpec' ||
      (c.type === 'Progressing' &&
        (c.reason === 'RolloutAborted' ||
          c.reason === 'ProgressDeadlineExceeded')),
  );
  return failed ? failed.message ?? '' : undefined;
}

function isRolloutPaused(obj: KubernetesObject): boolean {
  const paused = getPath(obj, 'spec', 'paused');
  return (
    getArray(obj, 'status', 'pauseConditions').length > 0 ||
    (isSet(paused) && paused !== false)
  );
}

/** Why replicas are not all updated and available yet, if they are not. */
function replicasPending(obj: KubernetesObject): string | undefined {
  const desired = getOptionalNumber(obj, 'spec', 'replicas') ?? 1;
  const updated = getCount(obj, 'status', 'updatedReplicas');
  if (updated < desired) {
    return 'Waiting for roll out to finish: More replicas need to be updated';
  }
  if (getCount(obj, 'status', 'availableReplicas') < updated) {
    return 'Waiting for roll out to finish: updated replicas are still becoming available';
  }
  return undefined;
}

/**
 * The stable ReplicaSet's pod hash; Rollouts before 0.8 kept it under
 * `status.canary`. Empty means none is recorded, while undefined (an empty
 * `status.canary`) never matches a hash.
 */
function stableReplicaSet(obj: KubernetesObject): unknown {
  const stable = getPath(obj, 'status', 'stableRS');
  if (isSet(stable)) {
    return stable;
  }
  const canary = getPath(obj, 'status', 'canary');
  return isSet(canary) ? getPath(canary, 'stableRS') : '';
}

/** What is still pending for the rollout's strategy to be complete. */
function strategyPending(obj: KubernetesObject): string | undefined {
  const currentHash = getPath(obj, 'status', 'currentPodHash');
  const stable = stableReplicaSet(obj);
  if (isSet(getPath(obj, 'spec', 'strategy', 'blueGreen'))) {
    if (getPath(obj, 'status', 'blueGreen', 'activeSelector') !== currentHash) {
      return 'active service cutover pending';
    }
    // Blue-green Rollouts before 0.8 record no stable set: nothing to wait for.
    return stable !== '' && stable !== currentHash
      ? 'waiting for analysis to complete'
      : undefined;
  }
  if (!isSet(getPath(obj, 'spec', 'strategy', 'canary'))) {
    return undefined;
  }
  if (
    getCount(obj, 'status', 'replicas') >
    getCount(obj, 'status', 'updatedReplicas')
  ) {
    return 'Waiting for roll out to finish: old replicas are pending termination';
  }
  return stable === '' || stable !== currentHash
    ? 'Waiting for rollout to finish steps'
    : undefined;
}

/** Rollouts before 1.0 write no phase: judge conditions, pauses and replicas. */
function legacyRolloutHealth(obj: KubernetesObject): HealthAssessment {
  const failure = rolloutFailure(obj);
  if (failure !== undefined) {
    return { status: 'Degraded', message: failure };
  }
  if (isRolloutPaused(obj)) {
    return { status: 'Suspended', message: 'Rollout is paused' };
  }
  if (!isSet(getPath(obj, 'status', 'currentPodHash'))) {
    return {
      status: 'Progressing',
      message: 'Waiting for rollout to finish: status has not been reconciled.',
    };
  }
  const pending = replicasPending(obj) ?? strategyPending(obj);
  return pending
    ? { status: 'Progressing', message: pending }
    : { status: 'Healthy', message: '' };
}

/** Argo Rollouts Rollout: unobserved spec → Progressing, then phase or legacy rules. */
export function argoRolloutHealth(obj: KubernetesObject): HealthAssessment {
  if (!isSpecObserved(obj)) {
    return {
      status: 'Progressing',
      message: 'Waiting for rollout spec update to be observed',
    };
  }
  const phase = getPath(obj, 'status', 'phase');
  return isSet(phase)
    ? rolloutPhaseHealth(obj, phase)
    : legacyRolloutHealth(obj);
}
