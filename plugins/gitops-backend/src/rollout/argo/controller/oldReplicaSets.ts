/**
 * The ReplicaSets neither new nor stable (Argo v1.8.3,
 * `rollout/replicaset.go`: `reconcileOtherReplicaSets`;
 * `rollout/canary.go`: `scaleDownOldReplicaSetsForCanary`;
 * `rollout/bluegreen.go`: `scaleDownOldReplicaSetsForBlueGreen`), on
 * `canaryOtherReplicaSets` and `blueGreenOtherReplicaSets` of
 * `rollout/argo/replicas`; the scale-down deadlines they set are kept in
 * the status.
 */
import {
  blueGreenOtherReplicaSets,
  canaryOtherReplicaSets,
  replicaSetName,
  type OtherReplicaSetsPlan,
} from '../replicas';
import { argoDefaults } from '../spec/defaults';
import { currentRunsOf, skipPostPromotionRun } from './analysisRuns';
import { observedReplicaSet } from './replicaInputs';
import { referencedHashes } from './services';
import { getPauseCondition, isFullyPromoted } from './status';
import { setTarget } from './targets';
import { wakeAt, type TickContext } from './tickContext';
import type { ArgoRolloutStatus } from './types';

function observedOthers(ctx: TickContext, next: ArgoRolloutStatus) {
  return ctx.otherRSs.map(rs =>
    observedReplicaSet(ctx, rs, next.scaleDownDeadlines),
  );
}

/** Asks for the plan's sizes and keeps its deadlines; says whether a size changes. */
function applyPlan(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  plan: OtherReplicaSetsPlan,
): boolean {
  const byName = new Map(
    ctx.otherRSs.map(rs => [
      replicaSetName(ctx.spec.source.name, rs.podTemplateHash),
      rs,
    ]),
  );
  let scaled = false;
  for (const change of plan.changes) {
    const rs = byName.get(change.name)!;
    const hash = rs.podTemplateHash;
    if (change.setScaleDownDeadline !== undefined) {
      next.scaleDownDeadlines[hash] = change.setScaleDownDeadline;
    }
    // scaled to 0, a ReplicaSet loses its deadline (`scaledReplicaSet`)
    if (change.replicas === 0) delete next.scaleDownDeadlines[hash];
    scaled = setTarget(ctx, next, rs, 'old', change.replicas) || scaled;
  }
  if (plan.recheckAfterSeconds !== undefined) {
    wakeAt(ctx, ctx.now + plan.recheckAfterSeconds * 1000);
  }
  return scaled;
}

/** `scaleDownOldReplicaSetsForCanary`; says whether a size changes. */
export function scaleDownOldForCanary(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): boolean {
  const plan = canaryOtherReplicaSets(ctx.spec, {
    others: observedOthers(ctx, next),
    availableReplicas: ctx.allRSs.reduce(
      (n, rs) => n + rs.availableReplicas,
      0,
    ),
    referencedHashes: referencedHashes(ctx),
    fullyPromoted: isFullyPromoted(ctx.prev),
    now: new Date(ctx.now),
  });
  return applyPlan(ctx, next, plan);
}

/**
 * Nothing scales down while an inconclusive analysis holds the rollout,
 * nor, without a written `scaleDownDelaySeconds` (the default value counts
 * as not written), until the post-promotion analysis succeeds.
 */
function holdBlueGreenScaleDown(ctx: TickContext): boolean {
  if (getPauseCondition(ctx.prev, 'InconclusiveAnalysisRun')) return true;
  const strategy = ctx.spec.strategy;
  if (
    strategy.kind !== 'blueGreen' ||
    !strategy.postPromotionAnalysis ||
    strategy.scaleDownDelaySeconds !== argoDefaults.scaleDownDelaySeconds ||
    skipPostPromotionRun(ctx)
  ) {
    return false;
  }
  return currentRunsOf(ctx).postPromotion?.phase !== 'Successful';
}

/** `scaleDownOldReplicaSetsForBlueGreen`. */
export function scaleDownOldForBlueGreen(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): void {
  const plan = blueGreenOtherReplicaSets(ctx.spec, {
    others: observedOthers(ctx, next),
    referencedHashes: referencedHashes(ctx),
    hold: holdBlueGreenScaleDown(ctx),
    now: new Date(ctx.now),
  });
  applyPlan(ctx, next, plan);
}
