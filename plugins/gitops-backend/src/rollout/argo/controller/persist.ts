/**
 * The end of a reconcile (Argo v1.8.3, `rollout/sync.go`:
 * `persistRolloutStatus`, `sendStateChangeEvents`): pauses and abort
 * applied, phase and message calculated, a pause or resume announced.
 */
import { messages, pausedEventMessage, reasons } from './messages';
import { calculateArgoRolloutPhase } from './phase';
import { recordEvent, type TickContext } from './tickContext';
import type { ArgoRolloutStatus } from './types';

export function persistStatus(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): ArgoRolloutStatus {
  ctx.pause.apply(next, ctx.nowIso);
  const { phase, message } = calculateArgoRolloutPhase(ctx.spec, next);
  next.phase = phase;
  next.message = message;

  const wasPaused = ctx.prev.pauseConditions.length > 0;
  const isPaused = next.pauseConditions.length > 0;
  if (wasPaused !== isPaused) {
    if (isPaused) {
      recordEvent(
        ctx,
        reasons.rolloutPaused,
        pausedEventMessage(next.pauseConditions[0].reason),
      );
    } else if (next.abortedAt === undefined) {
      // an abort clears the pauses too; that is no resume
      recordEvent(ctx, reasons.rolloutResumed, messages.resumed);
    }
  }
  return next;
}
