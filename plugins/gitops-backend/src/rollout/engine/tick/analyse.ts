import type { RolloutState } from '../types';
import type { TickContext } from './TickContext';
import { verdictOf } from './verdict';

/**
 * Which analysis a tick runs: at weight 0 no traffic reaches the canary, so
 * there is nothing to measure and only the pre-rollout hooks run, once per
 * run; from the first traffic (or mirroring, or iteration) on, the checks.
 */
export function analysisStage(
  state: Pick<
    RolloutState,
    'canaryWeight' | 'iterations' | 'mirrored' | 'preRolloutDone'
  >,
): 'pre-rollout' | 'none' | 'checks' {
  const atStart =
    state.canaryWeight === 0 && state.iterations === 0 && !state.mirrored;
  if (!atStart) return 'checks';
  return state.preRolloutDone ? 'none' : 'pre-rollout';
}

/** Runs this tick's analysis; false when it did not pass, which ends the tick. */
export async function analyse(ctx: TickContext): Promise<boolean> {
  const { state } = ctx;
  const stage = analysisStage(state);
  if (stage === 'none') return true;
  if (stage === 'pre-rollout') {
    await ctx.event(`Starting canary analysis for ${ctx.id}`);
    const pre = await ctx.hooks('pre-rollout');
    if (!pre.passed) {
      return failCheck(
        ctx,
        `Halt ${ctx.id} advancement pre-rollout check ${pre.failed} failed ${pre.message}`,
      );
    }
    state.preRolloutDone = true;
    return true;
  }
  const hooks = await ctx.hooks('rollout');
  if (!hooks.passed) {
    return failCheck(
      ctx,
      `Halt ${ctx.id} advancement external check ${hooks.failed} failed ${hooks.message}`,
    );
  }
  const metrics = await ctx.deps.analysis.metrics(ctx.rollout, ctx.signal);
  await ctx.recorder.checks(state, metrics);
  switch (verdictOf(metrics)) {
    case 'passed':
      return true;
    case 'inconclusive':
      await holdInconclusive(ctx, `${metrics.message}; paused until promoted`);
      return false;
    default:
      return failCheck(
        ctx,
        metrics.message ??
          `Halt ${ctx.id} advancement: metric ${metrics.failed} failed`,
      );
  }
}

/** An analysis that could not decide waits in `Waiting` until someone promotes. */
export async function holdInconclusive(
  ctx: TickContext,
  message: string,
): Promise<void> {
  ctx.state.pause = { reason: 'inconclusive analysis', startedAt: ctx.now() };
  ctx.enter('Waiting');
  await ctx.event(message, 'Warning');
}

async function failCheck(ctx: TickContext, message: string): Promise<false> {
  ctx.state.failedChecks++;
  await ctx.event(message, 'Warning');
  return false;
}
