/**
 * The new ReplicaSet after an abort, and the deadlines of the ReplicaSets
 * in service (Argo v1.8.3, `rollout/replicaset.go`:
 * `shouldDelayScaleDownOnAbort`, `removeScaleDownDeadlines`,
 * `reconcileNewReplicaSet`), on `abortedNewReplicaSet` and
 * `shouldDelayScaleDownOnAbort` of `rollout/argo/replicas`.
 */
import {
  abortedNewReplicaSet,
  shouldDelayScaleDownOnAbort,
  type AbortState,
} from '../replicas';
import { argoDefaults } from '../spec/defaults';
import { wakeAt, type TickContext } from './tickContext';
import type { ArgoRolloutStatus } from './types';

/**
 * The abort as the scale-down delay reads it. The parsed spec cannot tell
 * a written `abortScaleDownDelaySeconds` from the default, so the default
 * value counts as not written.
 */
function abortState(ctx: TickContext): AbortState {
  return {
    aborted: ctx.pause.isAborted(),
    hasStable: ctx.stableRS !== undefined,
    abortDelayWritten:
      ctx.spec.strategy.abortScaleDownDelaySeconds !==
      argoDefaults.abortScaleDownDelaySeconds,
  };
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
  if (!shouldDelayScaleDownOnAbort(ctx.spec, abortState(ctx))) {
    delete next.scaleDownDeadlines[ctx.newHash];
  }
  if (ctx.stableRS)
    delete next.scaleDownDeadlines[ctx.stableRS.podTemplateHash];
}

/**
 * The new ReplicaSet's size, `computed` by the strategy, or undefined to
 * leave it: after an abort it stays up until its deadline (set once the
 * stable ReplicaSet is fully available), then goes to 0.
 */
export function newReplicaSetSize(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  computed: number,
): number | undefined {
  const hash = ctx.newHash;
  const outcome = abortedNewReplicaSet(ctx.spec, {
    ...abortState(ctx),
    computed,
    scaleDownDeadline: next.scaleDownDeadlines[hash],
    stableAvailableReplicas: ctx.stableRS?.availableReplicas ?? 0,
    now: new Date(ctx.now),
  });
  if (outcome.setScaleDownDeadline !== undefined) {
    next.scaleDownDeadlines[hash] = outcome.setScaleDownDeadline;
  }
  if (outcome.recheckAfterSeconds !== undefined) {
    wakeAt(ctx, ctx.now + outcome.recheckAfterSeconds * 1000);
  }
  return outcome.replicas;
}
