import type { Readiness } from '../../workloads/types';
import { promoting } from '../phases';
import { readinessWait } from './readinessWait';
import { failedPromotion, rollback } from './rollback';
import type { TickContext } from './TickContext';

/**
 * Primary then canary readiness (the canary no longer matters once traffic
 * is back on the primary). A retriable wait ends the tick until its
 * deadline; past it, or when the workload will not get ready, the run ends.
 */
export async function workloadsReady(ctx: TickContext): Promise<boolean> {
  const { workloads } = ctx.deps;
  const primary = await workloads.primaryReadiness(ctx.target);
  if (!(await accept(ctx, primary, 'primary'))) return false;
  if (ctx.state.phase !== 'Finalising') {
    const canary = await workloads.canaryReadiness(ctx.target);
    if (!(await accept(ctx, canary, 'canary'))) return false;
  }
  ctx.state.waitingSince = undefined;
  return true;
}

async function accept(
  ctx: TickContext,
  readiness: Readiness,
  side: 'primary' | 'canary',
): Promise<boolean> {
  if (readiness.ready) return true;
  if (readiness.retriable) {
    const wait = readinessWait(ctx.state, ctx.deps.now(), ctx.spec);
    ctx.state.waitingSince = wait.waitingSince;
    if (!wait.expired) {
      // A warning on every tick it lasts, as Flagger reports a workload
      // that is not ready yet.
      await ctx.event(
        readiness.message ?? 'waiting for the workloads to become ready',
        'Warning',
      );
      return false;
    }
  }
  const reason = readiness.retriable
    ? `${readiness.message} (progress deadline of ${ctx.spec.progressDeadlineSeconds}s exceeded)`
    : readiness.message ?? 'not ready';
  // A primary that fails while promoting is the broken side: the canary keeps serving.
  if (side === 'primary' && promoting(ctx.state)) {
    await failedPromotion(ctx, reason);
  } else {
    await rollback(ctx, `Rolling back ${ctx.id} ${reason}`);
  }
  return false;
}
