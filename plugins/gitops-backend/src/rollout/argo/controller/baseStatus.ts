/**
 * Status bookkeeping both strategies share (Argo v1.8.3, `rollout/sync.go`:
 * `calculateBaseStatus`, `resetRolloutStatus`, `promoteStable`).
 */
import { messages, reasons } from './messages';
import { newArgoRolloutStatus } from './status';
import { computeStepHash, stepCount } from './steps';
import { recordEvent, type TickContext } from './tickContext';
import type { ArgoRolloutStatus } from './types';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The new status's starting point: the current template's hash, the pods
 * counted, the conditions, weights, selectors and deadlines carried over.
 * Pauses, abort and the run statuses are filled in by the reconcile.
 */
export function calculateBaseStatus(ctx: TickContext): ArgoRolloutStatus {
  const prev = ctx.prev;
  const next = newArgoRolloutStatus();
  next.revision = prev.revision;
  next.pausedByUser = prev.pausedByUser;
  next.currentPodHash = ctx.newHash;
  next.currentStepHash = computeStepHash(ctx.spec);
  next.stableRS = prev.stableRS;
  // Argo compares the current hash with a stable hash it has not set yet,
  // so a full promotion is simply carried over until promoteStable ends it.
  next.promoteFull = prev.promoteFull;
  if (prev.restartedAt !== undefined) next.restartedAt = prev.restartedAt;
  next.replicas = sum(ctx.allRSs.map(rs => rs.statusReplicas));
  next.updatedReplicas = ctx.newRS.statusReplicas;
  next.readyReplicas = sum(ctx.allRSs.map(rs => rs.readyReplicas));
  next.availableReplicas = sum(ctx.allRSs.map(rs => rs.availableReplicas));
  next.conditions = structuredClone(prev.conditions);
  if (prev.canary.weights) next.canary.weights = { ...prev.canary.weights };
  next.scaleDownDeadlines = { ...prev.scaleDownDeadlines };
  return next;
}

/** `resetRolloutStatus`: a new template (or new steps) starts the update over. */
export function resetRolloutStatus(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): void {
  ctx.pause.clearPauseConditions();
  ctx.pause.removeAbort();
  // Argo's reset also sets restartedAt, but on a copy of the status it
  // then drops; restartedAt only moves when pods were restarted.
  next.promoteFull = false;
  delete next.blueGreen.prePromotionAnalysisRunStatus;
  delete next.blueGreen.postPromotionAnalysisRunStatus;
  next.blueGreen.scaleUpPreviewCheckPoint = false;
  delete next.canary.currentStepAnalysisRunStatus;
  delete next.canary.currentBackgroundAnalysisRunStatus;
  if (stepCount(ctx.spec) > 0) next.currentStepIndex = 0;
  else delete next.currentStepIndex;
}

/**
 * `promoteStable`: the current template becomes stable, the pauses and an
 * abort end, and the update is announced as completed.
 */
export function promoteStable(
  ctx: TickContext,
  next: ArgoRolloutStatus,
  reason: string,
): void {
  ctx.pause.clearPauseConditions();
  ctx.pause.removeAbort();
  next.promoteFull = false;
  next.blueGreen.scaleUpPreviewCheckPoint = false;
  if (ctx.spec.strategy.kind === 'canary') {
    const steps = stepCount(ctx.spec);
    if (steps > 0) next.currentStepIndex = steps;
    else delete next.currentStepIndex;
  }
  if (next.stableRS !== next.currentPodHash) {
    next.stableRS = next.currentPodHash;
    recordEvent(
      ctx,
      reasons.rolloutCompleted,
      messages.rolloutCompleted(ctx.prev.revision, next.currentPodHash, reason),
    );
  }
}
