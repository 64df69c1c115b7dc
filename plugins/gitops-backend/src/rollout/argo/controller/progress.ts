/**
 * The rollout's conditions and its progress deadline (Argo v1.8.3,
 * `rollout/sync.go`: `checkPausedConditions`, `calculateRolloutConditions`,
 * `isIndefiniteStep`; `utils/conditions/conditions.go`:
 * `RolloutProgressing`, `RolloutHealthy`, `RolloutTimedOut`,
 * `RolloutCompleted`).
 */
import { currentCanaryStep, replicaSetName } from '../replicas';
import {
  getCondition,
  newCondition,
  removeCondition,
  setCondition,
} from './conditions';
import { messages, reasons } from './messages';
import { recordEvent, type TickContext } from './tickContext';
import { ms } from './time';
import type { ArgoRolloutStatus } from './types';

function isPausedStatus(ctx: TickContext, status: ArgoRolloutStatus): boolean {
  return status.pauseConditions.length > 0 || ctx.paused;
}

/**
 * `checkPausedConditions`, run before the reconcile on the rollout as it
 * is: a pause or resume moves the Progressing condition to
 * `RolloutPaused`/`RolloutResumed` (so a long pause is not taken for a
 * stall), a retry to `RolloutRetry`, and the Paused condition follows.
 */
export function checkPausedConditions(
  ctx: Pick<TickContext, 'paused' | 'nowIso'>,
  status: ArgoRolloutStatus,
): void {
  const progressing = getCondition(status, 'Progressing');
  const progressingPaused = progressing?.reason === reasons.rolloutPaused;
  const isPaused = status.pauseConditions.length > 0 || ctx.paused;
  const abortCondExists = progressing?.reason === reasons.rolloutAborted;
  const completed =
    status.stableRS !== '' && status.stableRS === status.currentPodHash;
  const now = ctx.nowIso;
  const updates = [];
  if (isPaused !== progressingPaused && !abortCondExists && !completed) {
    updates.push(
      isPaused
        ? newCondition(
            'Progressing',
            'Unknown',
            reasons.rolloutPaused,
            messages.paused,
            now,
          )
        : newCondition(
            'Progressing',
            'Unknown',
            reasons.rolloutResumed,
            messages.resumed,
            now,
          ),
    );
  }
  if (!status.abort && abortCondExists) {
    updates.push(
      newCondition(
        'Progressing',
        'Unknown',
        reasons.rolloutRetry,
        messages.retry,
        now,
      ),
    );
  }
  const pausedCond = getCondition(status, 'Paused');
  const pausedCondTrue = pausedCond?.status === 'True';
  if (isPaused !== pausedCondTrue && !abortCondExists) {
    updates.push(
      newCondition(
        'Paused',
        isPaused ? 'True' : 'False',
        reasons.rolloutPaused,
        messages.paused,
        now,
      ),
    );
  }
  for (const condition of updates) setCondition(status, condition);
}

/** `RolloutProgressing`: pods updated, ready or available, old ones gone, or the strategy moved. */
function madeProgress(ctx: TickContext, next: ArgoRolloutStatus): boolean {
  const old = ctx.prev;
  let strategyProgress: boolean;
  if (ctx.spec.strategy.kind === 'blueGreen') {
    strategyProgress =
      old.blueGreen.activeSelector !== next.blueGreen.activeSelector ||
      old.blueGreen.previewSelector !== next.blueGreen.previewSelector;
  } else {
    const stepMoved =
      next.currentStepIndex !== undefined &&
      old.currentStepIndex !== undefined &&
      next.currentStepIndex !== old.currentStepIndex;
    strategyProgress =
      next.stableRS !== old.stableRS ||
      stepMoved ||
      next.currentStepHash !== old.currentStepHash;
  }
  return (
    next.updatedReplicas !== old.updatedReplicas ||
    next.replicas - next.updatedReplicas < old.replicas - old.updatedReplicas ||
    next.readyReplicas > old.readyReplicas ||
    next.availableReplicas > old.availableReplicas ||
    strategyProgress
  );
}

/** `RolloutHealthy`: every replica updated and available, and the strategy done. */
export function rolloutHealthy(
  ctx: Pick<TickContext, 'spec'>,
  next: ArgoRolloutStatus,
): boolean {
  const replicas = ctx.spec.replicas;
  const strategy = ctx.spec.strategy;
  let completed: boolean;
  if (strategy.kind === 'blueGreen') {
    const active = next.blueGreen.activeSelector === next.currentPodHash;
    const preview =
      !strategy.previewService ||
      next.blueGreen.previewSelector === next.currentPodHash;
    completed = active && preview;
  } else {
    const steps = strategy.steps.length;
    const allSteps =
      steps === 0 ||
      next.currentStepIndex === undefined ||
      next.currentStepIndex === steps;
    completed =
      allSteps &&
      next.stableRS !== '' &&
      next.stableRS === next.currentPodHash &&
      next.replicas === replicas;
  }
  return (
    next.updatedReplicas === replicas &&
    next.availableReplicas === replicas &&
    completed
  );
}

/** `isIndefiniteStep`: a pause or analysis step, or a paused rollout, is not held to the deadline. */
export function isIndefiniteStep(
  ctx: Pick<TickContext, 'spec'>,
  status: ArgoRolloutStatus,
): boolean {
  const { step } = currentCanaryStep(ctx.spec, status);
  if (step && (step.analysis || step.pause)) return true;
  return getCondition(status, 'Paused')?.status === 'True';
}

/** Other ReplicaSets still wait for their scale-down deadline. */
function waitingForScaleDown(ctx: TickContext): boolean {
  return ctx.otherRSs.some(
    rs => ctx.prev.scaleDownDeadlines[rs.podTemplateHash] !== undefined,
  );
}

/** `RolloutTimedOut`: no progress for `progressDeadlineSeconds`, or already timed out. */
function timedOut(ctx: TickContext, next: ArgoRolloutStatus): boolean {
  const condition = getCondition(next, 'Progressing');
  if (
    !condition ||
    condition.reason === reasons.rolloutAborted ||
    condition.reason === reasons.rolloutPaused
  ) {
    return false;
  }
  if (condition.reason === reasons.timedOut) return true;
  return (
    ms(condition.lastUpdateTime) + ctx.spec.progressDeadlineSeconds * 1000 <=
    ctx.now
  );
}

/**
 * When the progress deadline falls, if the rollout is held to it now
 * (Argo's `requeueStuckRollout`); undefined otherwise.
 */
export function progressDeadline(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): number | undefined {
  const condition = getCondition(next, 'Progressing');
  if (!condition) return undefined;
  if (
    rolloutHealthy(ctx, next) ||
    condition.reason === reasons.timedOut ||
    isPausedStatus(ctx, next) ||
    next.abort ||
    isIndefiniteStep(ctx, next)
  ) {
    return undefined;
  }
  return ms(condition.lastUpdateTime) + ctx.spec.progressDeadlineSeconds * 1000;
}

/**
 * `calculateRolloutConditions`: Healthy, Progressing (with the abort and
 * the progress deadline), Available and Completed, with Argo's events.
 */
export function calculateRolloutConditions(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): void {
  const prev = ctx.prev;
  const now = ctx.nowIso;
  const isPaused = isPausedStatus(ctx, prev);
  const isAborted = ctx.pause.isAborted();
  const rsName = replicaSetName(ctx.spec.source.name, ctx.newHash);

  let becameUnhealthy = false;
  if (!isPaused && rolloutHealthy(ctx, next)) {
    setCondition(
      next,
      newCondition(
        'Healthy',
        'True',
        reasons.rolloutHealthy,
        messages.healthy,
        now,
      ),
    );
  } else if (getCondition(prev, 'Healthy')) {
    becameUnhealthy = setCondition(
      next,
      newCondition(
        'Healthy',
        'False',
        reasons.rolloutHealthy,
        messages.notHealthy,
        now,
      ),
    );
  }

  if (isAborted) {
    let message = messages.rolloutAborted(prev.revision);
    if (ctx.pause.abortMessage !== '') {
      message = `${message}: ${ctx.pause.abortMessage}`;
    }
    const changed = setCondition(
      next,
      newCondition(
        'Progressing',
        'False',
        reasons.rolloutAborted,
        message,
        now,
      ),
    );
    if (changed) recordEvent(ctx, reasons.rolloutAborted, message, 'Warning');
  }

  // Argo's "healthy rollout, no progress to estimate" shortcut never holds
  // (it compares the Progressing condition's type with Progressing), so
  // progress is always estimated unless the rollout is aborted.
  if (!isAborted) {
    const current = getCondition(prev, 'Progressing');
    if (rolloutHealthy(ctx, next)) {
      setCondition(
        next,
        newCondition(
          'Progressing',
          'True',
          reasons.newReplicaSetAvailable,
          messages.replicaSetCompleted(rsName),
          now,
        ),
      );
    } else if (madeProgress(ctx, next) || becameUnhealthy) {
      const notAvailable =
        next.stableRS === next.currentPodHash && becameUnhealthy;
      const condition = newCondition(
        'Progressing',
        'True',
        notAvailable
          ? reasons.replicaSetNotAvailable
          : reasons.replicaSetUpdated,
        notAvailable
          ? messages.notAvailable
          : messages.replicaSetProgressing(rsName),
        now,
      );
      if (current?.status === 'True') {
        condition.lastTransitionTime = current.lastTransitionTime;
      }
      removeCondition(next, 'Progressing');
      setCondition(next, condition);
    } else if (
      !isIndefiniteStep(ctx, prev) &&
      !waitingForScaleDown(ctx) &&
      timedOut(ctx, next)
    ) {
      const message = messages.replicaSetTimedOut(rsName);
      setCondition(
        next,
        newCondition('Progressing', 'False', reasons.timedOut, message, now),
      );
      // Argo aborts when the deadline passes, and again on a later reconcile
      // if progressDeadlineAbort was set after it passed.
      if (ctx.spec.progressDeadlineAbort) {
        ctx.pause.addAbort(message);
        recordEvent(ctx, reasons.rolloutAborted, message, 'Warning');
      }
    }
  }

  const available =
    ctx.spec.strategy.kind === 'blueGreen'
      ? activeSaturated(ctx, next)
      : next.availableReplicas >= ctx.spec.replicas;
  setCondition(
    next,
    newCondition(
      'Available',
      available ? 'True' : 'False',
      reasons.available,
      available ? messages.available : messages.notAvailable,
      now,
    ),
  );

  if (next.stableRS !== '' && next.stableRS === next.currentPodHash) {
    setCondition(
      next,
      newCondition(
        'Completed',
        'True',
        reasons.rolloutCompleted,
        reasons.rolloutCompleted,
        now,
      ),
    );
  } else if (
    setCondition(
      next,
      newCondition(
        'Completed',
        'False',
        reasons.rolloutCompleted,
        reasons.rolloutCompleted,
        now,
      ),
    )
  ) {
    recordEvent(
      ctx,
      reasons.rolloutNotCompleted,
      messages.rolloutNotCompleted(prev.revision, next.currentPodHash),
    );
  }
}

/** The active ReplicaSet runs and has available every replica (blue-green's Available condition). */
function activeSaturated(ctx: TickContext, next: ArgoRolloutStatus): boolean {
  const active = ctx.allRSs.find(
    rs =>
      next.blueGreen.activeSelector !== '' &&
      rs.podTemplateHash === next.blueGreen.activeSelector,
  );
  return (
    active !== undefined &&
    active.replicas === ctx.spec.replicas &&
    active.availableReplicas === ctx.spec.replicas
  );
}
