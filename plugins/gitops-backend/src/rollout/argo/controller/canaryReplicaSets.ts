/**
 * A canary's ReplicaSets (Argo v1.8.3, `rollout/canary.go`:
 * `reconcileCanaryReplicaSets`, `reconcileCanaryStableReplicaSet`;
 * `rollout/replicaset.go`: `reconcileNewReplicaSet`;
 * `utils/replicaset/canary.go`: `AtDesiredReplicaCountsForCanary`),
 * sized on every reconcile from the live counts by the replica arithmetic
 * of `rollout/argo/replicas`: `basicCanaryReplicas` without traffic
 * routing (the path within `maxSurge` and `maxUnavailable`),
 * `trafficRoutedCanaryReplicas` with it.
 */
import {
  atDesiredCanaryReplicas,
  basicCanaryReplicas,
  canaryScale,
  scaleWeight,
  trafficRoutedCanaryReplicas,
  type CanaryReplicas,
} from '../replicas';
import { newReplicaSetSize, removeScaleDownDeadlines } from './abortScaleDown';
import { scaleDownOldForCanary } from './oldReplicaSets';
import {
  actualWeights,
  createdCounts,
  distinctStable,
  scaleState,
} from './replicaInputs';
import { canaryOf } from './steps';
import { setTarget } from './targets';
import { haltProgress, type TickContext } from './tickContext';
import type { ArgoRolloutStatus, ArgoTrafficWeights } from './types';

/**
 * The canary's and the stable's sizes from this reconcile on, given the
 * traffic weights (`CalculateReplicaCountsForBasicCanary`,
 * `CalculateReplicaCountsForTrafficRoutedCanary`).
 */
function canaryReplicas(
  ctx: TickContext,
  weights: ArgoTrafficWeights | undefined,
): CanaryReplicas {
  const scale = canaryScale(ctx.spec, scaleState(ctx.prev));
  if (canaryOf(ctx.spec)!.trafficRouting) {
    return trafficRoutedCanaryReplicas(ctx.spec, {
      scale,
      actualWeights: actualWeights(weights),
      aborted: ctx.prev.abort,
    });
  }
  return basicCanaryReplicas(ctx.spec, scaleWeight(scale), {
    canary: ctx.newRS,
    stable: distinctStable(ctx),
    others: ctx.otherRSs,
  });
}

/** `AtDesiredReplicaCountsForCanary`, which a `setWeight` or `setCanaryScale` step waits for. */
export function atDesiredCanaryCounts(
  ctx: TickContext,
  weights: ArgoTrafficWeights | undefined,
): boolean {
  const stable = distinctStable(ctx);
  return atDesiredCanaryReplicas(ctx.spec, {
    scale: canaryScale(ctx.spec, scaleState(ctx.prev)),
    canary: createdCounts(ctx.newRS),
    stable: stable && createdCounts(stable),
    others: ctx.otherRSs.map(createdCounts),
    actualWeights: actualWeights(weights),
    aborted: ctx.prev.abort,
  });
}

/**
 * `reconcileCanaryReplicaSets`: nothing while the rollout is paused; else
 * the stable, then the new ReplicaSet, then the others, and as in Argo the
 * first one that changes size ends the pass (the next reconcile sees its
 * pods). Returns whether a size changes.
 */
export function reconcileCanaryReplicaSets(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): boolean {
  if (haltProgress(ctx)) return false;
  ctx.actions.canaryScale = canaryScale(ctx.spec, scaleState(ctx.prev));
  removeScaleDownDeadlines(ctx, next);

  const stable = distinctStable(ctx);
  // Argo sizes the stable from the weights it had before this reconcile,
  // so it shrinks only after the traffic has left it.
  if (stable) {
    const size = canaryReplicas(ctx, ctx.prev.canary.weights).stable;
    if (setTarget(ctx, next, stable, 'stable', size)) return true;
  }

  const size = newReplicaSetSize(
    ctx,
    next,
    canaryReplicas(ctx, next.canary.weights).canary,
  );
  if (size !== undefined) {
    const role = ctx.stableRS === ctx.newRS ? 'stable' : 'canary';
    if (setTarget(ctx, next, ctx.newRS, role, size)) return true;
  }

  return scaleDownOldForCanary(ctx, next);
}
