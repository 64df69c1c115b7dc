/**
 * `spec.restartAt` (Argo v1.8.3, `rollout/restart.go`): once the time has
 * come, pods created before it are restarted. Argo evicts them a few at a
 * time and records `status.restartedAt` when none is left; Slipway hands
 * the eviction to the engine and records the restart when it asks for it.
 */
import type { TickContext } from './tickContext';
import { wakeAt } from './tickContext';
import { ms } from './time';
import type { ArgoRolloutStatus } from './types';

export function reconcileRestart(
  ctx: TickContext,
  next: ArgoRolloutStatus,
): void {
  const restartAt = ctx.spec.restartAt;
  if (restartAt === undefined || next.restartedAt === restartAt) return;
  if (ms(restartAt) > ctx.now) {
    wakeAt(ctx, ms(restartAt));
    return;
  }
  ctx.actions.restartPods = { createdBefore: restartAt };
  next.restartedAt = restartAt;
}
