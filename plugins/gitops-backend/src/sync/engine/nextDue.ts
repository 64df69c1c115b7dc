import type { ParsedApp } from '../../catalog/AppSpec';
import type { ReconcileResult, SyncRequest } from '../AppReconciler';
import {
  backoffDelay,
  SELF_HEAL_BACKOFF,
  SYNC_RETRY,
  withJitter,
} from './backoff';

/**
 * When an app is due again after a reconcile, and the count of failed
 * syncs in a row to remember: failed automatic syncs are retried with
 * backoff, self-heal looks again soon, anything else waits an interval.
 */
export function nextDue(
  app: ParsedApp,
  result: ReconcileResult,
  request: SyncRequest | undefined,
  previousFailures: number,
  interval: { intervalMs: number; jitterMs: number },
): { delayMs: number; syncFailures: number } {
  if (result.recheckInMs !== undefined) {
    return { delayMs: result.recheckInMs, syncFailures: previousFailures };
  }
  const syncFailures = result.synced && !result.ok ? previousFailures + 1 : 0;
  if (
    syncFailures > 0 &&
    syncFailures < SYNC_RETRY.limit &&
    app.valid &&
    app.syncPolicy === 'auto'
  ) {
    return { delayMs: backoffDelay(syncFailures, SYNC_RETRY), syncFailures };
  }
  if (result.synced && request === undefined && app.valid && app.selfHeal) {
    // Self-heal just acted: look again soon, backing off if drift keeps coming.
    return { delayMs: backoffDelay(1, SELF_HEAL_BACKOFF), syncFailures };
  }
  return {
    delayMs: withJitter(interval.intervalMs, interval.jitterMs),
    syncFailures,
  };
}
