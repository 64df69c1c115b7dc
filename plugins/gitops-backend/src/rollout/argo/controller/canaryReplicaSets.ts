/**
 * A canary's ReplicaSets (Argo v1.8.3, `rollout/canary.go`:
 * `reconcileCanaryReplicaSets`, `reconcileCanaryStableReplicaSet`;
 * `utils/replicaset/canary.go`: `AtDesiredReplicaCountsForCanary`).
 */
import { resolveFenceposts } from './replicaTargets';
import {
  newReplicaSetSize,
  removeScaleDownDeadlines,
  scaleDownOldForCanary,
  setTarget,
} from './scaleDown';
import { canaryOf, canaryReplicasOrWeight, maxTrafficWeight } from './steps';
import { haltProgress, type TickContext } from './tickContext';
import type { ArgoRolloutStatus, ArgoTrafficWeights } from './types';

/** The canary's and the stable's sizes for the current step, given the traffic weights. */
export function canaryTargets(
  ctx: TickContext,
  weights: ArgoTrafficWeights | undefined,
): { canary: number; stable: number } {
  const canary = canaryOf(ctx.spec)!;
  const scale = canaryReplicasOrWeight(ctx.spec, ctx.prev);
  return ctx.canaryReplicas({
    replicas: ctx.spec.replicas,
    scale,
    maxTrafficWeight: maxTrafficWeight(ctx.spec),
    trafficRouted: canary.trafficRouting !== undefined,
    dynamicStableScale: canary.dynamicStableScale,
    minPodsPerReplicaSet: canary.minPodsPerReplicaSet,
    maxSurge: resolveFenceposts(
      canary.maxSurge,
      canary.maxUnavailable,
      ctx.spec.replicas,
    ).maxSurge,
    abort: ctx.prev.abort,
    hasStable: ctx.stableRS !== undefined && ctx.stableRS !== ctx.newRS,
    weights,
  });
}

/**
 * `AtDesiredReplicaCountsForCanary`: the canary runs its size with every
 * pod available, the stable has its size (unless dynamically scaled), and
 * a basic canary has no other pod available.
 */
export function atDesiredCanaryCounts(
  ctx: TickContext,
  weights: ArgoTrafficWeights | undefined,
): boolean {
  const canary = canaryOf(ctx.spec)!;
  const targets = canaryTargets(ctx, weights);
  const rs = ctx.newRS;
  if (rs.replicas !== targets.canary || rs.availableReplicas !== targets.canary)
    return false;
  if (!canary.trafficRouting || !canary.dynamicStableScale) {
    const stable = ctx.stableRS;
    if (
      !stable ||
      stable.replicas !== targets.stable ||
      stable.statusReplicas !== targets.stable
    ) {
      return false;
    }
  }
  if (!canary.trafficRouting) {
    const others = ctx.otherRSs.reduce((n, o) => n + o.availableReplicas, 0);
    if (others !== 0) return false;
  }
  return true;
}

/**
 * `reconcileCanaryReplicaSets`: sizes for the stable, the canary and the
 * other ReplicaSets; nothing while the rollout is paused. The sizes are
 * where each ReplicaSet should end up; the replica arithmetic takes them
 * there within `maxSurge` and `maxUnavailable` (Argo scales the stable
 * first and one ReplicaSet per reconcile). Returns whether a size changes.
 */
export function reconcileCanaryReplicaSets(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): boolean {
  if (haltProgress(ctx)) return false;
  ctx.actions.canaryScale = canaryReplicasOrWeight(ctx.spec, ctx.prev);
  removeScaleDownDeadlines(ctx, next);
  let scaling = false;

  const stable = ctx.stableRS;
  if (stable && stable !== ctx.newRS) {
    // Argo sizes the stable from the weights it had before this reconcile,
    // so it shrinks only after the traffic has left it.
    const size = canaryTargets(ctx, ctx.prev.canary.weights).stable;
    scaling = setTarget(ctx, next, stable, 'stable', size) || scaling;
  }

  const size = newReplicaSetSize(
    ctx,
    next,
    canaryTargets(ctx, next.canary.weights).canary,
  );
  if (size !== undefined) {
    const role = stable === ctx.newRS ? 'stable' : 'canary';
    scaling = setTarget(ctx, next, ctx.newRS, role, size) || scaling;
  }

  return scaleDownOldForCanary(ctx, next) || scaling;
}
