import { inRun, promoting } from './phases';
import type { ActiveRollout, TickDeps, TickRecorder } from './ports';
import { advance } from './tick/advance';
import { analyse } from './tick/analyse';
import { rollbackRequested } from './tick/gates';
import { held } from './tick/holds';
import { initialise } from './tick/initialise';
import {
  finalise,
  promote,
  promoteWithoutAnalysis,
  promotionStep,
} from './tick/promotion';
import { workloadsReady } from './tick/readiness';
import { revisionChanged } from './tick/revisions';
import { rollback } from './tick/rollback';
import { maybeStartRun, restartRun } from './tick/runs';
import { strategyOf } from './tick/strategies';
import { TickContext } from './tick/TickContext';
import type { RolloutState } from './types';
import type { Revision } from '../workloads/types';

const SUSPENDED = 'skipping canary run as object is suspended';

/**
 * One pass of the analysis loop over one rollout: a sequence of early exits,
 * the first that applies ends the tick (docs/rollout-engine.md#the-tick).
 * What differs by strategy is the last step, `advance`. It mutates `state`;
 * the engine persists it afterwards.
 */
export async function runTick(
  rollout: ActiveRollout,
  state: RolloutState,
  deps: TickDeps,
  recorder: TickRecorder,
  signal: AbortSignal,
): Promise<void> {
  const ctx = new TickContext(rollout, state, deps, recorder, signal);
  const { spec, target, id } = ctx;
  if (spec.suspend) {
    // Flagger records this on every run and Kubernetes folds the repeats
    // into one event; recorded once while it lasts, the same here.
    if (state.message !== SUSPENDED) await ctx.event(SUSPENDED);
    return;
  }
  const initializing = state.phase === '' || state.phase === 'Initializing';
  if (initializing || deps.reconcileObjects)
    await deps.workloads.ensureServices(target);
  if (initializing) {
    await initialise(ctx);
    return;
  }
  if (deps.reconcileObjects) await deps.router.reconcile(target);
  const revision = await deps.workloads.revision(target);
  if (!revision) throw new Error(`${spec.targetRef.kind} ${id} not found`);
  if (!inRun(state)) {
    await maybeStartRun(ctx, revision);
    return;
  }
  await runStep(ctx, revision);
}

/** A tick of a run in progress: the first step that applies ends it. */
async function runStep(ctx: TickContext, revision: Revision): Promise<void> {
  const { state, spec, id } = ctx;
  // Past the analysis, only promotion and readiness matter.
  const analysing = !promoting(state);
  if (state.requests.abort) {
    state.requests.abort = false;
    await rollback(ctx, `Rolling back ${id} aborted by request`, 'Aborted');
    return;
  }
  if (analysing && revisionChanged(state, revision)) {
    await restartRun(ctx, revision);
    return;
  }
  if (!(await workloadsReady(ctx))) return;
  if (analysing && spec.skipAnalysis) {
    await promoteWithoutAnalysis(ctx);
    return;
  }
  if (analysing && state.requests.promoteFull) {
    state.requests.promoteFull = false;
    await ctx.event(
      `Promoting ${id} fully by request: remaining steps and analysis skipped`,
    );
    await promote(ctx);
    return;
  }
  if (analysing && (await rollbackRequested(ctx))) return;
  if (state.phase === 'Promoting') {
    await promotionStep(ctx);
    return;
  }
  if (state.phase === 'Finalising') {
    await finalise(ctx);
    return;
  }
  if (state.failedChecks >= spec.analysis.threshold) {
    await rollback(
      ctx,
      `Rolling back ${id} failed checks threshold reached ${state.failedChecks}`,
    );
    return;
  }
  if (await held(ctx)) return;
  if (!(await analyse(ctx))) return;
  await advance(ctx, strategyOf(spec).next(state, spec));
}
