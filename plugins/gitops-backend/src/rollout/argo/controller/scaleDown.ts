/**
 * ReplicaSets leaving service and their scale-down deadlines (Argo v1.8.3,
 * `rollout/replicaset.go`: `removeScaleDownDeadlines`,
 * `reconcileNewReplicaSet`, `shouldDelayScaleDownOnAbort`,
 * `scaleDownDelayHelper`; `rollout/bluegreen.go`:
 * `scaleDownOldReplicaSetsForBlueGreen`; `rollout/canary.go`:
 * `scaleDownOldReplicaSetsForCanary`).
 */
import { argoDefaults } from '../spec/defaults';
import { isReplicaSetReferenced } from './services';
import { getPauseCondition, isFullyPromoted } from './status';
import { canaryOf } from './steps';
import { wakeAt, type TickContext } from './tickContext';
import { iso, ms } from './time';
import type {
  ArgoReplicaSetObservation,
  ArgoReplicaSetRole,
  ArgoRolloutStatus,
} from './types';

/** Ask for a size; says whether it differs from the ReplicaSet's. */
export function setTarget(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  rs: ArgoReplicaSetObservation,
  role: ArgoReplicaSetRole,
  replicas: number,
): boolean {
  const deadline = next.scaleDownDeadlines[rs.podTemplateHash];
  const existing = ctx.actions.replicaSets.findIndex(
    t => t.podTemplateHash === rs.podTemplateHash,
  );
  const target = {
    podTemplateHash: rs.podTemplateHash,
    role,
    replicas,
    ...(deadline !== undefined ? { scaleDownAt: deadline } : {}),
  };
  if (existing >= 0) ctx.actions.replicaSets[existing] = target;
  else ctx.actions.replicaSets.push(target);
  return rs.replicas !== replicas;
}

/** The abort leaves the canary or preview up for `abortScaleDownDelaySeconds` before scaling it down. */
export function shouldDelayScaleDownOnAbort(ctx: TickContext): boolean {
  if (!ctx.pause.isAborted() || !ctx.stableRS) return false;
  const strategy = ctx.spec.strategy;
  if (strategy.kind === 'canary' && !strategy.trafficRouting) return false;
  if (strategy.abortScaleDownDelaySeconds === 0) return false;
  // Argo skips the delay with dynamicStableScale unless the delay was
  // written; the parsed spec cannot tell, so the default value counts as
  // not written.
  if (
    strategy.kind === 'canary' &&
    strategy.dynamicStableScale &&
    strategy.abortScaleDownDelaySeconds ===
      argoDefaults.abortScaleDownDelaySeconds
  ) {
    return false;
  }
  return true;
}

/**
 * `removeScaleDownDeadlines`: the new and the stable ReplicaSets are in
 * service, so a deadline left on them (a return to an older template) goes;
 * the new one keeps its deadline while an abort delays its scale-down.
 */
export function removeScaleDownDeadlines(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): void {
  if (!shouldDelayScaleDownOnAbort(ctx)) {
    delete next.scaleDownDeadlines[ctx.newHash];
  }
  if (ctx.stableRS)
    delete next.scaleDownDeadlines[ctx.stableRS.podTemplateHash];
}

/**
 * The new ReplicaSet's size, or undefined to leave it: after an abort it
 * stays up until its deadline (set once the stable ReplicaSet is fully
 * available), then goes to `size`.
 */
export function newReplicaSetSize(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  size: number,
): number | undefined {
  if (!shouldDelayScaleDownOnAbort(ctx)) return size;
  const deadline = next.scaleDownDeadlines[ctx.newHash];
  if (deadline !== undefined) {
    if (ms(deadline) > ctx.now) {
      wakeAt(ctx, ms(deadline));
      return undefined;
    }
    return 0;
  }
  if (ctx.stableRS?.availableReplicas === ctx.spec.replicas) {
    const at = ctx.now + ctx.spec.strategy.abortScaleDownDelaySeconds * 1000;
    next.scaleDownDeadlines[ctx.newHash] = iso(at);
    wakeAt(ctx, at);
  }
  return undefined;
}

function scaleDownRevisionLimit(ctx: TickContext): number {
  return ctx.spec.strategy.scaleDownDelayRevisionLimit ?? Infinity;
}

/**
 * `scaleDownDelayHelper`: an old ReplicaSet leaving service gets a
 * deadline `scaleDownDelaySeconds` ahead and keeps `keep` replicas until
 * then; past the deadline, or beyond `scaleDownDelayRevisionLimit`
 * ReplicaSets waiting, it goes to 0. (With a delay of 0 Argo would keep it
 * up for good; Slipway scales it down at once.)
 */
function scaleDownDelay(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  rs: ArgoReplicaSetObservation,
  counter: { waiting: number },
  keep: number,
): number {
  const limit = scaleDownRevisionLimit(ctx);
  const deadline = next.scaleDownDeadlines[rs.podTemplateHash];
  if (deadline === undefined) {
    if (rs.replicas > 0 && counter.waiting < limit) {
      counter.waiting++;
      const delay = ctx.spec.strategy.scaleDownDelaySeconds;
      if (delay <= 0) return 0;
      const at = ctx.now + delay * 1000;
      next.scaleDownDeadlines[rs.podTemplateHash] = iso(at);
      wakeAt(ctx, at);
      return rs.replicas;
    }
    return 0;
  }
  counter.waiting++;
  if (counter.waiting > limit) return 0;
  if (ms(deadline) > ctx.now) {
    wakeAt(ctx, ms(deadline));
    return keep;
  }
  return 0;
}

/** Newest first; Argo sorts by revision, Slipway by creation time. */
function newestFirst(
  rss: ArgoReplicaSetObservation[],
): ArgoReplicaSetObservation[] {
  return [...rss].sort(
    (a, b) =>
      (b.createdAt ? ms(b.createdAt) : 0) - (a.createdAt ? ms(a.createdAt) : 0),
  );
}

/** Scale an old ReplicaSet to its size; one scaled to 0 loses its deadline. */
function scaleOld(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  rs: ArgoReplicaSetObservation,
  replicas: number,
): boolean {
  if (replicas === 0) delete next.scaleDownDeadlines[rs.podTemplateHash];
  return setTarget(ctx, next, rs, 'old', replicas);
}

/**
 * `scaleDownOldReplicaSetsForCanary`: a basic canary scales every other
 * ReplicaSet down (they would take traffic); with traffic routing, the
 * previous stable waits out `scaleDownDelaySeconds` (or goes at once with
 * `dynamicStableScale`), an abandoned intermediate canary goes at once.
 * Returns whether any size changes.
 */
export function scaleDownOldForCanary(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): boolean {
  const canary = canaryOf(ctx.spec)!;
  const counter = { waiting: 0 };
  let scaled = false;
  for (const rs of newestFirst(ctx.otherRSs)) {
    if (canary.trafficRouting && isReplicaSetReferenced(ctx, rs)) continue;
    if (rs.replicas === 0) continue;
    let replicas = 0;
    if (
      canary.trafficRouting &&
      (isFullyPromoted(ctx.prev) ||
        next.scaleDownDeadlines[rs.podTemplateHash] !== undefined) &&
      !canary.dynamicStableScale
    ) {
      replicas = scaleDownDelay(ctx, next, rs, counter, rs.replicas);
    }
    scaled = scaleOld(ctx, next, rs, replicas) || scaled;
  }
  return scaled;
}

/**
 * `scaleDownOldReplicaSetsForBlueGreen`: old ReplicaSets no Service
 * selects wait out `scaleDownDelaySeconds` at full size, then go; nothing
 * goes while an inconclusive analysis holds the rollout.
 */
export function scaleDownOldForBlueGreen(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): void {
  if (getPauseCondition(ctx.prev, 'InconclusiveAnalysisRun')) return;
  const counter = { waiting: 0 };
  for (const rs of newestFirst(ctx.otherRSs)) {
    if (isReplicaSetReferenced(ctx, rs)) continue;
    if (rs.replicas === 0) continue;
    const replicas = scaleDownDelay(ctx, next, rs, counter, ctx.spec.replicas);
    scaleOld(ctx, next, rs, replicas);
  }
}
