/**
 * The planner's status and observations in the shapes the replica
 * arithmetic of `rollout/argo/replicas` reads: nothing is decided here.
 */
import {
  replicaSetName,
  type CanaryScaleState,
  type ObservedReplicaSet,
} from '../replicas';
import type { TickContext } from './tickContext';
import type {
  ArgoReplicaSetObservation,
  ArgoRolloutStatus,
  ArgoTrafficWeights,
} from './types';

/** What a canary's scale depends on, from the status as the reconcile read it. */
export function scaleState(status: ArgoRolloutStatus): CanaryScaleState {
  return {
    currentStepIndex: status.currentStepIndex,
    aborted: status.abort,
    promoteFull: status.promoteFull,
    stableHash: status.stableRS,
    currentHash: status.currentPodHash,
  };
}

/** The weights the router last set (`status.canary.weights`), as numbers. */
export function actualWeights(
  weights: ArgoTrafficWeights | undefined,
): { canary: number; stable: number } | undefined {
  return (
    weights && { canary: weights.canary.weight, stable: weights.stable.weight }
  );
}

/** The stable ReplicaSet when it is not the new one (Argo's `CheckStableRSExists`). */
export function distinctStable(
  ctx: TickContext,
): ArgoReplicaSetObservation | undefined {
  return ctx.stableRS === ctx.newRS ? undefined : ctx.stableRS;
}

/** Counts with the pods created (`status.replicas`), as the canary's readiness check reads them. */
export function createdCounts(rs: ArgoReplicaSetObservation): {
  replicas: number;
  availableReplicas: number;
  currentReplicas: number;
} {
  return {
    replicas: rs.replicas,
    availableReplicas: rs.availableReplicas,
    currentReplicas: rs.statusReplicas,
  };
}

/**
 * An observed ReplicaSet as the scale-down decisions read it, with the
 * `scale-down-deadline` the status keeps for it in `deadlines`.
 */
export function observedReplicaSet(
  ctx: TickContext,
  rs: ArgoReplicaSetObservation,
  deadlines: Record<string, string>,
): ObservedReplicaSet {
  const observed: ObservedReplicaSet = {
    name: replicaSetName(ctx.spec.source.name, rs.podTemplateHash),
    hash: rs.podTemplateHash,
    replicas: rs.replicas,
    currentReplicas: rs.statusReplicas,
    availableReplicas: rs.availableReplicas,
  };
  if (rs.revision !== undefined) observed.revision = rs.revision;
  if (rs.createdAt !== undefined) observed.creationTimestamp = rs.createdAt;
  const deadline = deadlines[rs.podTemplateHash];
  if (deadline !== undefined) observed.scaleDownDeadline = deadline;
  if (rs.desiredReplicas !== undefined)
    observed.desiredReplicas = rs.desiredReplicas;
  return observed;
}
