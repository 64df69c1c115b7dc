import { rollback } from './rollback';
import type { TickContext } from './TickContext';

/**
 * `rollback` hooks are an operator's stop switch: one that answers 2xx
 * rolls the run back. Their answers are not recorded as checks.
 */
export async function rollbackRequested(ctx: TickContext): Promise<boolean> {
  if (!ctx.spec.analysis.webhooks.some(h => h.type === 'rollback'))
    return false;
  const outcome = await ctx.callHooks('rollback');
  const invoked = outcome.checks.some(c => c.passed);
  if (!invoked) return false;
  await rollback(ctx, `Rolling back ${ctx.id} manual webhook invoked`);
  return true;
}

/** `confirm-traffic-increase`, or a promote: a closed gate keeps the weight and counts no failure. */
export async function trafficIncreaseConfirmed(
  ctx: TickContext,
): Promise<boolean> {
  if (ctx.consumePromote()) return true;
  const gate = await ctx.hooks('confirm-traffic-increase');
  if (gate.passed) return true;
  // Said on every tick the gate stays closed, as Flagger does.
  await ctx.event(
    `Halt ${ctx.id} advancement waiting for traffic increase approval ${gate.failed}`,
    'Warning',
  );
  await ctx.gateAlert(
    'confirm-traffic-increase',
    gate.failed,
    'Canary traffic increase is waiting for approval.',
  );
  return false;
}

/**
 * `confirm-promotion`, or a promote: a closed gate holds the run in
 * `WaitingPromotion`, saying so when the wait begins, as Flagger does, not
 * on every tick it asks again.
 */
export async function promotionConfirmed(ctx: TickContext): Promise<boolean> {
  const { state } = ctx;
  if (ctx.consumePromote()) return true;
  const gate = await ctx.hooks('confirm-promotion');
  if (gate.passed) {
    if (state.phase === 'WaitingPromotion') ctx.enter('Progressing');
    return true;
  }
  const waiting = `Halt ${ctx.id} advancement waiting for promotion approval ${gate.failed}`;
  if (state.phase !== 'WaitingPromotion') {
    ctx.enter('WaitingPromotion');
    await ctx.event(waiting, 'Warning');
    await ctx.gateAlert(
      'confirm-promotion',
      gate.failed,
      'Canary promotion is waiting for approval.',
    );
  } else {
    // No new event, but the status still says what the run waits for.
    state.message = waiting;
  }
  return false;
}
