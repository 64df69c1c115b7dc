import type { RolloutRunResult } from '@internal/plugin-gitops-common';
import type {
  ActiveRollout,
  CheckOutcome,
  RolloutAnalysis,
  TickRecorder,
} from './ports';
import type { RolloutState, RolloutStore } from './types';

/**
 * Writes a tick's events, checks and runs to the store as they happen, and
 * forwards events to the rollout's `event` webhooks. A message repeated tick
 * after tick (e.g. "not ready") is stored once, as Kubernetes aggregates events.
 */
export class StoreRecorder implements TickRecorder {
  constructor(
    private readonly rollout: ActiveRollout,
    private readonly store: RolloutStore,
    private readonly analysis: RolloutAnalysis,
    private readonly options: {
      now(): Date;
      commitOf(appKey: string): Promise<string | undefined>;
    },
  ) {}

  async event(
    state: RolloutState,
    message: string,
    type: 'Normal' | 'Warning' = 'Normal',
  ): Promise<void> {
    if (message === state.message) return;
    state.message = message;
    const phase = state.phase || 'Initializing';
    await this.store.addRolloutEvent({
      appKey: this.rollout.appKey,
      rollout: this.rollout.rollout,
      runId: state.runId,
      type,
      message,
      phase,
      canaryWeight: state.canaryWeight,
      at: this.options.now().toISOString(),
    });
    await this.analysis.event(this.rollout, message, type, phase);
  }

  async checks(state: RolloutState, outcome: CheckOutcome): Promise<void> {
    if (state.runId === undefined || outcome.checks.length === 0) return;
    const at = this.options.now().toISOString();
    await this.store.addRolloutChecks(
      outcome.checks.map(check => ({
        ...check,
        runId: state.runId!,
        canaryWeight: state.canaryWeight,
        at,
      })),
    );
  }

  async startRun(_state: RolloutState, revision: string): Promise<number> {
    return this.store.addRolloutRun({
      appKey: this.rollout.appKey,
      rollout: this.rollout.rollout,
      revision,
      commit: await this.options.commitOf(this.rollout.appKey),
      strategy: this.rollout.target.spec.strategy,
      result: 'Running',
      startedAt: this.options.now().toISOString(),
    });
  }

  async finishRun(
    state: RolloutState,
    result: RolloutRunResult,
    message: string,
  ): Promise<void> {
    if (state.runId === undefined) return;
    await this.store.finishRolloutRun(state.runId, {
      result,
      message,
      finishedAt: this.options.now().toISOString(),
    });
  }
}
