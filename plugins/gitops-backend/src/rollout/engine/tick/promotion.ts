import type { TrafficWeights } from '@slipway/plugin-gitops-node';
import type { RolloutSpec } from '../../spec';
import { strategyOf } from './strategies';
import type { TickContext } from './TickContext';

/** Copies the canary to the primary: `Promoting` until the primary is ready with it. */
export async function promote(ctx: TickContext): Promise<void> {
  await ctx.event(copyingMessage(ctx));
  await ctx.deps.workloads.promote(ctx.target);
  ctx.state.pause = undefined;
  ctx.enter('Promoting');
}

/**
 * How traffic returns to the primary once it is ready: at once, or by
 * `stepWeightPromotion` per tick for a weighted canary on a router that can
 * split (docs/rollout-engine.md#promotion).
 */
export function promotionShift(
  spec: RolloutSpec,
  current: TrafficWeights,
): { kind: 'all' } | { kind: 'step'; primary: number } {
  const step = spec.analysis.stepWeightPromotion;
  const stepwise =
    strategyOf(spec).stepwisePromotion &&
    step > 0 &&
    spec.provider !== 'kubernetes';
  if (!stepwise) return { kind: 'all' };
  return { kind: 'step', primary: Math.min(100, current.primary + step) };
}

/** One tick of `Promoting` with the primary ready: `Finalising` once it has all traffic. */
export async function promotionStep(ctx: TickContext): Promise<void> {
  const current = await ctx.deps.router.getWeights(ctx.target);
  const shift = promotionShift(ctx.spec, current);
  if (shift.kind === 'all') {
    await ctx.route({ primary: 100, canary: 0 });
    await ctx.event('Routing all traffic to primary');
    ctx.enter('Finalising');
    return;
  }
  const { primary } = shift;
  await ctx.route({ primary, canary: 100 - primary });
  await ctx.event(`Advance ${ctx.id} primary weight ${primary}`);
  if (primary >= 100) ctx.enter('Finalising');
}

/** Traffic is back on the primary: scale the canary down and finish `Succeeded`. */
export async function finalise(ctx: TickContext): Promise<void> {
  const { state } = ctx;
  await ctx.deps.workloads.scaleTarget(ctx.target, 'zero');
  ctx.enter('Succeeded');
  state.lastPromotedSpec = state.lastAppliedSpec;
  await ctx.hooks('post-rollout');
  await ctx.event(`Promotion completed! Scaling down ${ctx.id}`);
  await ctx.alert(
    'info',
    'Canary analysis completed successfully, promotion finished.',
  );
  await ctx.recorder.finishRun(state, 'Succeeded', 'Promotion completed');
}

/** `skipAnalysis`: promote and finish in one tick, traffic staying on the primary. */
export async function promoteWithoutAnalysis(ctx: TickContext): Promise<void> {
  const { state } = ctx;
  await ctx.route({ primary: 100, canary: 0 });
  await ctx.event(copyingMessage(ctx));
  await ctx.deps.workloads.promote(ctx.target);
  await ctx.deps.workloads.scaleTarget(ctx.target, 'zero');
  ctx.enter('Succeeded');
  state.lastPromotedSpec = state.lastAppliedSpec;
  await ctx.hooks('post-rollout');
  await ctx.event(
    `Promotion completed! Canary analysis was skipped for ${ctx.id}`,
  );
  await ctx.recorder.finishRun(
    state,
    'Succeeded',
    'Canary analysis was skipped',
  );
}

function copyingMessage(ctx: TickContext): string {
  const { name } = ctx.spec.targetRef;
  const ns = ctx.target.namespace;
  return `Copying ${name}.${ns} template spec to ${name}-primary.${ns}`;
}
