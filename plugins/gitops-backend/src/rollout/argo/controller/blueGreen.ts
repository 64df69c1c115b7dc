/**
 * One reconcile of a blue-green rollout (Argo v1.8.3, `rollout/bluegreen.go`:
 * `rolloutBlueGreen`, `reconcileBlueGreenPause`,
 * `syncRolloutStatusBlueGreen`, `calculateScaleUpPreviewCheckPoint`;
 * `rollout/service.go`: `reconcilePreviewService`, `reconcileActiveService`;
 * `rollout/pause.go`: `CompletedBlueGreenPause`,
 * `completedPrePromotionAnalysis`; `rollout/sync.go`: `shouldFullPromote`;
 * `utils/replicaset/bluegreen.go`: `ReadyForPause`). The sizes, the
 * preview checkpoint and saturation are the replica arithmetic's
 * (`blueGreenReplicas`, `previewCheckPoint`, `isSaturated` in
 * `rollout/argo/replicas`).
 */
import {
  blueGreenReplicas,
  isSaturated,
  previewCheckPoint,
  replicaSetName,
  type BlueGreenReplicas,
} from '../replicas';
import type { BlueGreenStrategy } from '../spec/types';
import { newReplicaSetSize, removeScaleDownDeadlines } from './abortScaleDown';
import {
  currentRunsOf,
  reconcileAnalysisRuns,
  type CurrentRun,
  type CurrentRuns,
} from './analysisRuns';
import {
  calculateBaseStatus,
  promoteStable,
  resetRolloutStatus,
} from './baseStatus';
import { scaleDownOldForBlueGreen } from './oldReplicaSets';
import { persistStatus } from './persist';
import { calculateRolloutConditions } from './progress';
import { reconcileRestart } from './restart';
import { switchSelector } from './services';
import { getPauseCondition } from './status';
import { setTarget } from './targets';
import {
  haltProgress,
  hasScaleDownDeadline,
  isRollbackWithinWindow,
  replicaSetByHash,
  wakeAt,
  type TickContext,
} from './tickContext';
import { plusSeconds } from './time';
import type { ArgoRolloutStatus } from './types';

const strategyOf = (ctx: TickContext) => ctx.spec.strategy as BlueGreenStrategy;

/** The new (preview) and the stable ReplicaSets' sizes, from the status as the reconcile read it. */
function replicaCounts(ctx: TickContext): BlueGreenReplicas {
  const prev = ctx.prev;
  return blueGreenReplicas(ctx.spec, {
    newHash: ctx.newHash,
    currentPodHash: prev.currentPodHash,
    activeHash: replicaSetByHash(ctx, prev.blueGreen.activeSelector)
      ?.podTemplateHash,
    promoteFull: prev.promoteFull,
    paused: ctx.paused || prev.pauseConditions.length > 0,
    scaleUpPreviewCheckPoint: prev.blueGreen.scaleUpPreviewCheckPoint,
  });
}

/** `ReadyForPause`: the new ReplicaSet has its size and every pod available. */
function readyForPause(ctx: TickContext): boolean {
  const size = replicaCounts(ctx).new;
  return ctx.newRS.replicas === size && ctx.newRS.availableReplicas === size;
}

/** The controller manages a pause before promotion: manual promotion, or a delay. */
function needsControllerPause(ctx: TickContext): boolean {
  const strategy = strategyOf(ctx);
  return !strategy.autoPromotionEnabled || strategy.autoPromotionSeconds > 0;
}

/** `isBlueGreenFastTracked`: nothing to pause for. */
function isFastTracked(ctx: TickContext): boolean {
  if (hasScaleDownDeadline(ctx, ctx.newHash)) return true;
  if (ctx.prev.promoteFull) return true;
  const active = ctx.selectors.active ?? '';
  return active === '' || active === ctx.newHash;
}

/** `completedPrePromotionAnalysis`. */
function completedPrePromotion(ctx: TickContext, run?: CurrentRun): boolean {
  if (!strategyOf(ctx).prePromotionAnalysis) return true;
  return run?.phase === 'Successful';
}

/** `CompletedBlueGreenPause`: a user promoted, or `autoPromotionSeconds` passed. */
function completedBlueGreenPause(ctx: TickContext): boolean {
  const prev = ctx.prev;
  if (ctx.pause.hasAddPause()) return false;
  if (prev.blueGreen.scaleUpPreviewCheckPoint) return true;
  if (!needsControllerPause(ctx)) return true;
  const strategy = strategyOf(ctx);
  const condition = getPauseCondition(prev, 'BlueGreenPause');
  if (strategy.autoPromotionEnabled) {
    if (strategy.autoPromotionSeconds === 0) return true;
    if (!condition) return false;
    return (
      plusSeconds(condition.startTime, strategy.autoPromotionSeconds) <= ctx.now
    );
  }
  return prev.controllerPause ? condition === undefined : false;
}

/** `reconcileBlueGreenPause`: pause before promotion, and end that pause. */
function reconcilePause(ctx: TickContext): void {
  const prev = ctx.prev;
  if (prev.abort || !readyForPause(ctx) || haltProgress(ctx)) return;
  if (
    isFastTracked(ctx) ||
    prev.blueGreen.scaleUpPreviewCheckPoint ||
    !needsControllerPause(ctx)
  ) {
    ctx.pause.removePauseCondition('BlueGreenPause');
    return;
  }
  if (!completedPrePromotion(ctx, currentRunsOf(ctx).prePromotion)) return;
  const condition = getPauseCondition(prev, 'BlueGreenPause');
  if (condition) {
    if (completedBlueGreenPause(ctx)) {
      ctx.pause.removePauseCondition('BlueGreenPause');
    } else if (strategyOf(ctx).autoPromotionSeconds > 0) {
      wakeAt(
        ctx,
        plusSeconds(condition.startTime, strategyOf(ctx).autoPromotionSeconds),
      );
    }
  } else if (!prev.controllerPause) {
    ctx.pause.addPauseCondition('BlueGreenPause');
    const seconds = strategyOf(ctx).autoPromotionSeconds;
    if (strategyOf(ctx).autoPromotionEnabled && seconds > 0) {
      wakeAt(ctx, ctx.now + seconds * 1000);
    }
  }
}

/** `reconcileActiveService`: promotion is the active Service's switch; an abort switches it back. */
function reconcileActiveService(ctx: TickContext): void {
  if (haltProgress(ctx)) return;
  if (!readyForPause(ctx) || !isSaturated(ctx.spec, ctx.newRS)) return;
  let hash = ctx.selectors.active ?? '';
  if (isFastTracked(ctx)) hash = ctx.newHash;
  if (
    completedBlueGreenPause(ctx) &&
    completedPrePromotion(ctx, currentRunsOf(ctx).prePromotion)
  ) {
    hash = ctx.newHash;
  }
  if (ctx.prev.abort) hash = ctx.prev.stableRS;
  switchSelector(ctx, 'active', hash);
}

/** `reconcileBlueGreenReplicaSets`: stable at full size, the new one at its size, old ones scaled down after their delay. */
function reconcileReplicaSets(ctx: TickContext, next: ArgoRolloutStatus): void {
  removeScaleDownDeadlines(ctx, next);
  const sizes = replicaCounts(ctx);
  const stable = ctx.stableRS;
  if (stable && stable !== ctx.newRS) {
    setTarget(ctx, next, stable, 'stable', sizes.stable);
  }
  const size = newReplicaSetSize(ctx, next, sizes.new);
  if (size !== undefined) {
    const role = ctx.selectors.active === ctx.newHash ? 'active' : 'preview';
    setTarget(ctx, next, ctx.newRS, role, size);
  }
  scaleDownOldForBlueGreen(ctx, next);
}

/** `shouldFullPromote` for blue-green. */
function shouldFullPromote(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  runs: CurrentRuns,
): string {
  if (!ctx.stableRS) return 'Initial deploy';
  const active = next.blueGreen.activeSelector;
  if (active === '') return 'Initial deploy';
  if (active !== next.currentPodHash) return '';
  if (ctx.prev.promoteFull) return 'Full promotion requested';
  if (isRollbackWithinWindow(ctx)) return 'Rollback within window';
  if (ctx.pause.isAborted()) return '';
  if (strategyOf(ctx).postPromotionAnalysis) {
    if (hasScaleDownDeadline(ctx, ctx.newHash)) {
      return `Rollback to '${replicaSetName(
        ctx.spec.source.name,
        ctx.newHash,
      )}' within scaleDownDelay`;
    }
    if (runs.postPromotion?.phase !== 'Successful') return '';
  }
  return 'Completed blue-green update';
}

/** `calculateScaleUpPreviewCheckPoint`: once set, the preview grows to full size before the switch. */
function scaleUpPreviewCheckPoint(
  ctx: TickContext,
  runs: CurrentRuns,
): boolean {
  return previewCheckPoint(ctx.spec, {
    previous: ctx.prev.blueGreen.scaleUpPreviewCheckPoint,
    prePromotionAnalysisCompleted: completedPrePromotion(
      ctx,
      runs.prePromotion,
    ),
    pauseCompleted: completedBlueGreenPause(ctx),
    newAvailableReplicas: ctx.newRS.availableReplicas,
  });
}

/** `syncRolloutStatusBlueGreen`. */
function syncStatus(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  runs: CurrentRuns,
  templateChanged: boolean,
): ArgoRolloutStatus {
  if (templateChanged) resetRolloutStatus(ctx, next);
  if (ctx.prev.promoteFull || isRollbackWithinWindow(ctx)) {
    ctx.pause.clearPauseConditions();
    ctx.pause.removeAbort();
  }
  next.blueGreen.previewSelector = ctx.selectors.preview ?? '';
  next.blueGreen.activeSelector = ctx.selectors.active ?? '';

  const reason = shouldFullPromote(ctx, next, runs);
  if (reason) promoteStable(ctx, next, reason);
  else
    next.blueGreen.scaleUpPreviewCheckPoint = scaleUpPreviewCheckPoint(
      ctx,
      runs,
    );

  const active = replicaSetByHash(ctx, next.blueGreen.activeSelector);
  if (active) {
    next.availableReplicas = active.availableReplicas;
    next.readyReplicas = active.readyReplicas;
  }
  calculateRolloutConditions(ctx, next);
  return persistStatus(ctx, next);
}

/** `rolloutBlueGreen`: one reconcile of a blue-green rollout, returning its new status. */
export function reconcileBlueGreen(ctx: TickContext): ArgoRolloutStatus {
  const next = calculateBaseStatus(ctx);
  if (!haltProgress(ctx)) switchSelector(ctx, 'preview', ctx.newHash);

  const prev = ctx.prev;
  if (prev.currentPodHash !== '' && prev.currentPodHash !== ctx.newHash) {
    return syncStatus(ctx, next, currentRunsOf(ctx), true);
  }
  reconcileRestart(ctx, next);
  reconcileReplicaSets(ctx, next);
  reconcilePause(ctx);
  reconcileActiveService(ctx);
  const runs = reconcileAnalysisRuns(ctx, next);
  return syncStatus(ctx, next, runs, false);
}
