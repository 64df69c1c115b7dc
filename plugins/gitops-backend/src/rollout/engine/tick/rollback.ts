import type { RolloutRunResult } from '@slipway/plugin-gitops-common';
import type { TickContext } from './TickContext';

/**
 * Ends the run `Failed` (or `Aborted`): all traffic to the primary, the
 * canary scaled to 0, counters and requests cleared, post-rollout hooks
 * called (docs/rollout-engine.md#checks-and-rollback).
 */
export async function rollback(
  ctx: TickContext,
  reason: string,
  result: RolloutRunResult = 'Failed',
): Promise<void> {
  const { state } = ctx;
  await ctx.event(reason, 'Warning');
  await ctx.alert('error', reason);
  await ctx.route({ primary: 100, canary: 0 });
  await ctx.event(`Canary failed! Scaling down ${ctx.id}`, 'Warning');
  await ctx.deps.workloads.scaleTarget(ctx.target, 'zero');
  ctx.enter('Failed');
  state.failedChecks = 0;
  state.pause = undefined;
  state.waitingSince = undefined;
  state.requests = {};
  await ctx.hooks('post-rollout');
  await ctx.recorder.finishRun(state, result, reason);
}

/**
 * The primary did not become ready while promoting: keep serving from the
 * canary, which passed its analysis (docs/rollout-engine.md#promotion).
 */
export async function failedPromotion(
  ctx: TickContext,
  reason: string,
): Promise<void> {
  const { state } = ctx;
  const message = `Promotion of ${ctx.id} failed, primary not ready: ${reason}`;
  await ctx.event(message, 'Warning');
  await ctx.alert('error', message);
  await ctx.route({ primary: 0, canary: 100 });
  ctx.enter('Failed');
  state.canaryWeight = 100;
  state.waitingSince = undefined;
  await ctx.hooks('post-rollout');
  await ctx.recorder.finishRun(state, 'Failed', message);
}
