import type { Revision } from '../../workloads/types';
import { APPROVAL } from '../phases';
import { freshRun, revisionChanged } from './revisions';
import type { TickContext } from './TickContext';

/**
 * Outside a run: a changed revision, a retry or a revision held at the start
 * gate starts a run once `confirm-rollout` (or a promote) lets it through;
 * a closed gate holds it in `Waiting` (docs/rollout-engine.md#the-tick, step 3).
 */
export async function maybeStartRun(
  ctx: TickContext,
  revision: Revision,
): Promise<void> {
  const { state } = ctx;
  const retry = state.requests.retry === true;
  const awaitingApproval =
    state.phase === 'Waiting' && state.pause?.reason === APPROVAL;
  state.requests.retry = false;
  if (!retry && !awaitingApproval && !revisionChanged(state, revision)) return;

  // A run starts on the revision live now, also when a gate held an older one.
  state.lastAppliedSpec = revision.hash;
  state.trackedConfigs = revision.trackedConfigs;
  if (!ctx.consumePromote()) {
    const gate = await ctx.hooks('confirm-rollout');
    if (!gate.passed) {
      // Said when the wait begins, as Flagger does, not on every tick the
      // gate is asked again; the status keeps saying it.
      const waiting = `Halt ${ctx.id} advancement waiting for approval ${gate.failed}`;
      if (!awaitingApproval) {
        ctx.enter('Waiting');
        state.pause = { reason: APPROVAL, startedAt: ctx.now() };
        await ctx.event(waiting, 'Warning');
        await ctx.gateAlert(
          'confirm-rollout',
          gate.failed,
          'Canary is waiting for approval.',
        );
      } else {
        state.message = waiting;
      }
      return;
    }
  }
  // A promote-full given at the start gate carries into the run.
  const promoteFull = state.requests.promoteFull;
  Object.assign(state, freshRun());
  state.requests.promoteFull = promoteFull;
  ctx.enter('Progressing');
  state.runId = await ctx.recorder.startRun(state, revision.hash);
  await ctx.event(`New revision detected! Scaling up ${ctx.id}`);
  await ctx.deps.workloads.scaleTarget(ctx.target, 'up');
}

/** A newer revision during the analysis supersedes the run and starts another at step 0. */
export async function restartRun(
  ctx: TickContext,
  revision: Revision,
): Promise<void> {
  const { state } = ctx;
  await ctx.route({ primary: 100, canary: 0 });
  await ctx.recorder.finishRun(
    state,
    'Superseded',
    `Revision ${revision.hash} replaced it`,
  );
  Object.assign(state, freshRun());
  state.lastAppliedSpec = revision.hash;
  state.trackedConfigs = revision.trackedConfigs;
  ctx.enter('Progressing');
  state.runId = await ctx.recorder.startRun(state, revision.hash);
  await ctx.event(`New revision detected! Restarting analysis for ${ctx.id}`);
  await ctx.deps.workloads.scaleTarget(ctx.target, 'up');
}
