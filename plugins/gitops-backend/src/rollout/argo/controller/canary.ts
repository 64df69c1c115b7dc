/**
 * One reconcile of a canary (Argo v1.8.3, `rollout/canary.go`:
 * `rolloutCanary`, `reconcileCanaryPause`, `completedCurrentCanaryStep`,
 * `syncRolloutStatusCanary`; `rollout/sync.go`: `shouldFullPromote`;
 * `rollout/service.go`: `reconcileStableAndCanaryService`;
 * `rollout/pause.go`: `CompletedCanaryPauseStep`).
 */
import { currentCanaryStep } from '../replicas';
import { reconcileAnalysisRuns, type CurrentRuns } from './analysisRuns';
import {
  calculateBaseStatus,
  promoteStable,
  resetRolloutStatus,
} from './baseStatus';
import {
  atDesiredCanaryCounts,
  reconcileCanaryReplicaSets,
} from './canaryReplicaSets';
import { messages, reasons } from './messages';
import { persistStatus } from './persist';
import { calculateRolloutConditions } from './progress';
import { reconcileRestart } from './restart';
import { ensureServiceTargets } from './services';
import { getPauseCondition } from './status';
import {
  canaryOf,
  canaryStepString,
  computeStepHash,
  stepCount,
} from './steps';
import {
  isRollbackWithinWindow,
  recordEvent,
  wakeAt,
  type TickContext,
} from './tickContext';
import { plusSeconds } from './time';
import { dynamicRollbackHash, reconcileTrafficRouting } from './trafficRouting';
import type { ArgoRolloutStatus } from './types';

/** A new template or new steps: the update starts over. */
function templateOrStepsChanged(ctx: TickContext): boolean {
  const prev = ctx.prev;
  if (prev.currentStepHash === '') return true;
  if (prev.currentStepHash !== computeStepHash(ctx.spec)) return true;
  return prev.currentPodHash !== '' && prev.currentPodHash !== ctx.newHash;
}

/** `reconcileStableAndCanaryService`. */
function reconcileServices(ctx: TickContext): void {
  const canary = canaryOf(ctx.spec)!;
  ensureServiceTargets(ctx, 'stable', ctx.stableRS, true);
  if (ctx.pause.isAborted() && !canary.trafficRouting) {
    ensureServiceTargets(ctx, 'canary', ctx.stableRS, true);
    return;
  }
  // While traffic still leans on the old canary, leave its Service be.
  if (dynamicRollbackHash(ctx) !== undefined) return;
  ensureServiceTargets(ctx, 'canary', ctx.newRS, true);
}

/** `reconcileCanaryPause`: reaching a pause step pauses the rollout once; a timed one wakes it at its end. */
function reconcileCanaryPause(ctx: TickContext): void {
  if (ctx.paused || ctx.prev.promoteFull) return;
  const { step } = currentCanaryStep(ctx.spec, ctx.prev);
  if (!step?.pause) return;
  const condition = getPauseCondition(ctx.prev, 'CanaryPauseStep');
  if (!condition) {
    if (!ctx.prev.controllerPause) {
      ctx.pause.addPauseCondition('CanaryPauseStep');
      if (step.pause.durationSeconds !== undefined) {
        wakeAt(ctx, ctx.now + step.pause.durationSeconds * 1000);
      }
    }
    return;
  }
  if (step.pause.durationSeconds !== undefined) {
    wakeAt(ctx, plusSeconds(condition.startTime, step.pause.durationSeconds));
  }
}

/**
 * `CompletedCanaryPauseStep`: the user resumed it (the controller paused,
 * the pause condition is gone), or its duration has passed. Argo waits
 * until strictly after the end; a reconcile at the end itself counts here.
 */
function completedPauseStep(
  ctx: TickContext,
  durationSeconds: number | undefined,
): boolean {
  const condition = getPauseCondition(ctx.prev, 'CanaryPauseStep');
  if (ctx.prev.controllerPause && !condition) return true;
  if (durationSeconds !== undefined && condition) {
    return plusSeconds(condition.startTime, durationSeconds) <= ctx.now;
  }
  return false;
}

/** `completedCurrentCanaryStep`. */
function completedCurrentStep(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  runs: CurrentRuns,
): boolean {
  if (ctx.paused) return false;
  const { step } = currentCanaryStep(ctx.spec, ctx.prev);
  if (!step) return false;
  if (step.pause) return completedPauseStep(ctx, step.pause.durationSeconds);
  if (step.setCanaryScale)
    return atDesiredCanaryCounts(ctx, next.canary.weights);
  if (step.setWeight !== undefined) {
    if (!atDesiredCanaryCounts(ctx, next.canary.weights)) return false;
    return next.canary.weights?.verified !== false;
  }
  if (step.analysis) return runs.step?.phase === 'Successful';
  if (step.setHeaderRoute) return true;
  return false;
}

/** `shouldFullPromote` for a canary: why the current template becomes stable now, or ''. */
function shouldFullPromote(ctx: TickContext): string {
  if (!ctx.stableRS) return 'Initial deploy';
  if (ctx.pause.isAborted()) return '';
  if (ctx.newRS.availableReplicas !== ctx.spec.replicas) return '';
  if (ctx.prev.promoteFull) return 'Full promotion requested';
  if (isRollbackWithinWindow(ctx)) return 'Rollback within window';
  const steps = stepCount(ctx.spec);
  const { index } = currentCanaryStep(ctx.spec, ctx.prev);
  if (steps === 0 || index === steps) {
    return `Completed all ${steps} canary steps`;
  }
  return '';
}

function finish(ctx: TickContext, next: ArgoRolloutStatus): ArgoRolloutStatus {
  next.canary.stableSelector = ctx.selectors.stable;
  next.canary.canarySelector = ctx.selectors.canary;
  if (next.canary.stableSelector === undefined)
    delete next.canary.stableSelector;
  if (next.canary.canarySelector === undefined)
    delete next.canary.canarySelector;
  calculateRolloutConditions(ctx, next);
  return persistStatus(ctx, next);
}

/** `syncRolloutStatusCanary`, after the ReplicaSets, traffic and runs are reconciled. */
function syncStatus(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  runs: CurrentRuns,
): ArgoRolloutStatus {
  const steps = stepCount(ctx.spec);
  const { step } = currentCanaryStep(ctx.spec, ctx.prev);
  let { index } = currentCanaryStep(ctx.spec, ctx.prev);

  if (ctx.prev.promoteFull || isRollbackWithinWindow(ctx)) {
    ctx.pause.clearPauseConditions();
    ctx.pause.removeAbort();
    if (steps > 0) index = steps;
  }

  const reason = shouldFullPromote(ctx);
  if (reason) {
    promoteStable(ctx, next, reason);
    return finish(ctx, next);
  }

  if (ctx.pause.isAborted()) {
    if (steps > 0) {
      next.currentStepIndex = next.stableRS === next.currentPodHash ? steps : 0;
    }
    return finish(ctx, next);
  }

  if (step && index !== undefined && completedCurrentStep(ctx, next, runs)) {
    index++;
    delete next.canary.currentStepAnalysisRunStatus;
    recordEvent(
      ctx,
      reasons.rolloutStepCompleted,
      messages.stepCompleted(index, steps, canaryStepString(step)),
    );
    ctx.pause.removePauseCondition('CanaryPauseStep');
  }
  if (index !== undefined) next.currentStepIndex = index;
  return finish(ctx, next);
}

/** `rolloutCanary`: one reconcile of a canary, returning its new status. */
export function reconcileCanary(ctx: TickContext): ArgoRolloutStatus {
  const next = calculateBaseStatus(ctx);
  const steps = stepCount(ctx.spec);

  if (templateOrStepsChanged(ctx)) {
    resetRolloutStatus(ctx, next);
    if (steps > 0) {
      if (ctx.prev.stableRS === ctx.newHash) {
        recordEvent(ctx, reasons.skipSteps, messages.rollbackToStable);
        next.currentStepIndex = steps;
      } else if (isRollbackWithinWindow(ctx) && ctx.newRS.replicas > 0) {
        recordEvent(ctx, reasons.skipSteps, messages.rollbackWithinWindow);
        next.currentStepIndex = steps;
      }
    }
    return finish(ctx, next);
  }

  reconcileRestart(ctx, next);
  reconcileServices(ctx);
  reconcileTrafficRouting(ctx, next);
  const runs = reconcileAnalysisRuns(ctx, next);
  if (ctx.pause.hasAddPause()) return syncStatus(ctx, next, runs);
  const scaling = reconcileCanaryReplicaSets(ctx, next);
  if (!scaling) reconcileCanaryPause(ctx);
  return syncStatus(ctx, next, runs);
}
