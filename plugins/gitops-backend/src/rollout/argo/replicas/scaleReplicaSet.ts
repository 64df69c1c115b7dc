import {
  DESIRED_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  SCALE_DOWN_DEADLINE_ANNOTATION,
} from './constants';
import { revisionOf, wholeNumber } from './revision';
import type { ObservedReplicaSet, ReplicaSet } from './types';

/**
 * The ReplicaSet at `replicas`, as Argo's `scaleReplicaSet`
 * (`rollout/sync.go`) writes it: `spec.replicas`, and
 * `rollout.argoproj.io/desired-replicas` set to the rollout's
 * `spec.replicas`; scaling to 0 also drops the `scale-down-deadline`
 * annotation, unless an aborted update keeps its deadline
 * (`keepScaleDownDeadline`, see `abortedNewReplicaSet`).
 */
export function scaledReplicaSet(
  replicaSet: ReplicaSet,
  replicas: number,
  rolloutReplicas: number,
  options: { keepScaleDownDeadline?: boolean } = {},
): ReplicaSet {
  const annotations: Record<string, string> = {
    ...replicaSet.metadata.annotations,
    [DESIRED_REPLICAS_ANNOTATION]: String(rolloutReplicas),
  };
  if (replicas === 0 && !options.keepScaleDownDeadline) {
    delete annotations[SCALE_DOWN_DEADLINE_ANNOTATION];
  }
  return {
    ...replicaSet,
    metadata: { ...replicaSet.metadata, annotations },
    spec: { ...replicaSet.spec, replicas },
  };
}

/**
 * The ReplicaSet with its `scale-down-deadline` set to `deadline`, or
 * without one when `deadline` is undefined. Argo removes the deadline of
 * the new and the stable ReplicaSets on every reconcile (they serve
 * traffic again, e.g. after a rollback within the delay), except the new
 * one's while an aborted update waits out `abortScaleDownDelaySeconds`
 * (`removeScaleDownDeadlines`).
 */
export function withScaleDownDeadline(
  replicaSet: ReplicaSet,
  deadline: string | undefined,
): ReplicaSet {
  const annotations = { ...replicaSet.metadata.annotations };
  if (deadline === undefined)
    delete annotations[SCALE_DOWN_DEADLINE_ANNOTATION];
  else annotations[SCALE_DOWN_DEADLINE_ANNOTATION] = deadline;
  return { ...replicaSet, metadata: { ...replicaSet.metadata, annotations } };
}

/** What the scaling decisions read of a live ReplicaSet. */
export function observeReplicaSet(replicaSet: ReplicaSet): ObservedReplicaSet {
  const annotations = replicaSet.metadata.annotations ?? {};
  const observed: ObservedReplicaSet = {
    name: replicaSet.metadata.name,
    hash: replicaSet.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
    replicas: replicaSet.spec.replicas ?? 1,
    currentReplicas: replicaSet.status?.replicas ?? 0,
    availableReplicas: replicaSet.status?.availableReplicas ?? 0,
  };
  const revision = revisionOf(replicaSet);
  if (revision !== undefined) observed.revision = revision;
  if (replicaSet.metadata.creationTimestamp)
    observed.creationTimestamp = replicaSet.metadata.creationTimestamp;
  const deadline = annotations[SCALE_DOWN_DEADLINE_ANNOTATION];
  if (deadline) observed.scaleDownDeadline = deadline;
  const desired = wholeNumber(annotations[DESIRED_REPLICAS_ANNOTATION]);
  if (desired !== undefined) observed.desiredReplicas = desired;
  return observed;
}
