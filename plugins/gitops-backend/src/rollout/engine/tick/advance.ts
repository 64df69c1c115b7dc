import { setPhase } from '../phases';
import { holdInconclusive } from './analyse';
import { promotionConfirmed, trafficIncreaseConfirmed } from './gates';
import { promote } from './promotion';
import { rollback } from './rollback';
import type { Move } from './strategies';
import type { TickContext } from './TickContext';
import { verdictOf } from './verdict';

/** Carries out a strategy's move through the ports. */
export async function advance(ctx: TickContext, move: Move): Promise<void> {
  const { state } = ctx;
  switch (move.kind) {
    case 'mirror':
      await ctx.route({ primary: 100, canary: 0, mirror: true });
      state.mirrored = true;
      await ctx.event(`Running mirror step ${move.step}/${move.steps}/true`);
      return;
    case 'setWeight':
      if (move.confirm && !(await trafficIncreaseConfirmed(ctx))) return;
      await ctx.route({ primary: 100 - move.weight, canary: move.weight });
      state.stepIndex++;
      await ctx.event(`Advance ${ctx.id} canary weight ${move.weight}`);
      return;
    case 'pause':
      await pauseStep(ctx, move.durationMs);
      return;
    case 'skipCanaryScale':
      // Replicas follow the primary; scaling the canary separately is not supported yet.
      state.stepIndex++;
      await ctx.event(
        `Step ${state.stepIndex} setCanaryScale of ${ctx.id} skipped: the canary keeps the primary's replicas`,
        'Warning',
      );
      return;
    case 'stepAnalysis':
      await stepAnalysis(ctx, move.templates);
      return;
    case 'iterate':
      if (move.startMirroring) {
        await ctx.route({ primary: 100, canary: 0, mirror: true });
        state.mirrored = true;
        await ctx.event('Start traffic mirroring');
      }
      if (move.route) await ctx.route(move.route);
      state.iterations++;
      await ctx.event(
        `Advance ${ctx.id} canary iteration ${state.iterations}/${move.total}`,
      );
      return;
    case 'switchToCanary':
      if (!(await promotionConfirmed(ctx))) return;
      await ctx.route({ primary: 0, canary: 100 });
      await ctx.event('Routing all traffic to canary');
      state.iterations++;
      return;
    case 'promote':
      if (move.confirm && !(await promotionConfirmed(ctx))) return;
      await promote(ctx);
      return;
    default:
      throw new Error(`unknown move ${JSON.stringify(move satisfies never)}`);
  }
}

async function pauseStep(ctx: TickContext, durationMs: number | undefined) {
  const { state } = ctx;
  const now = ctx.deps.now();
  const until =
    durationMs === undefined
      ? undefined
      : new Date(now.getTime() + durationMs).toISOString();
  state.pause = { reason: 'pause step', startedAt: now.toISOString(), until };
  setPhase(state, 'Waiting', now.toISOString());
  const step = state.stepIndex + 1;
  await ctx.event(
    until === undefined
      ? `Paused ${ctx.id} at step ${step}: waiting for a manual promote`
      : `Paused ${ctx.id} at step ${step} until ${until}`,
  );
}

async function stepAnalysis(ctx: TickContext, templates: string[]) {
  const { state } = ctx;
  const outcome = await ctx.deps.analysis.metrics(
    ctx.rollout,
    ctx.signal,
    templates,
  );
  await ctx.recorder.checks(state, outcome);
  switch (verdictOf(outcome)) {
    case 'passed':
      state.stepIndex++;
      await ctx.event(`Step-based analysis of ${ctx.id} passed`);
      return;
    case 'inconclusive':
      await holdInconclusive(
        ctx,
        `Step-based analysis of ${ctx.id} inconclusive: ${outcome.message}; paused until promoted`,
      );
      return;
    default:
      await rollback(
        ctx,
        `Step-based analysis phase failed: ${outcome.message}`,
      );
  }
}
