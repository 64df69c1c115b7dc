import type { RolloutRunResult } from '@slipway/plugin-gitops-common';
import type {
  ActiveRollout,
  CheckOutcome,
  RolloutAnalysis,
  TickRecorder,
} from './ports';
import type { RolloutState, TickWrites } from './types';
import { isArgo, type ActiveArgoRollout } from './argo/types';

/**
 * Collects a tick's events, checks and runs, for the store to save with the
 * tick's state in one transaction under the rollout's lease: a tick that lost
 * its lease leaves nothing behind. Events go to the rollout's `event`
 * webhooks as they happen. Every event is recorded, also one repeating the
 * last, as Flagger records and posts each: a check failing on two ticks
 * running is two failed checks. Waits Flagger reports only when they begin
 * (a closed start or promotion gate) say so themselves.
 */
export class TickLog implements TickRecorder {
  readonly writes: TickWrites = {
    runs: [],
    finishedRuns: [],
    events: [],
    checks: [],
  };
  /** Runs opened by this tick get ids below zero until the store saves them. */
  #placeholder = 0;

  constructor(
    private readonly rollout: ActiveRollout | ActiveArgoRollout,
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
    state.message = message;
    const phase = state.phase || 'Initializing';
    this.writes.events.push({
      appKey: this.rollout.appKey,
      rollout: this.rollout.rollout,
      runId: state.runId,
      type,
      message,
      phase,
      canaryWeight: state.canaryWeight,
      at: this.options.now().toISOString(),
    });
    // Argo Rollouts have no event webhooks.
    if (!isArgo(this.rollout))
      await this.analysis.event(this.rollout, message, type, phase);
  }

  /**
   * An event about the engine rather than the rollout (no traffic router, a
   * tick that failed), recorded when it first appears: repeated on every
   * tick of a rollout that cannot move, it would only fill its history.
   */
  async eventOnce(
    state: RolloutState,
    message: string,
    type: 'Normal' | 'Warning' = 'Normal',
  ): Promise<void> {
    if (message !== state.message) await this.event(state, message, type);
  }

  async checks(state: RolloutState, outcome: CheckOutcome): Promise<void> {
    if (state.runId === undefined || outcome.checks.length === 0) return;
    const at = this.options.now().toISOString();
    for (const check of outcome.checks) {
      this.writes.checks.push({
        ...check,
        runId: state.runId,
        canaryWeight: state.canaryWeight,
        at,
      });
    }
  }

  async startRun(_state: RolloutState, revision: string): Promise<number> {
    const placeholder = --this.#placeholder;
    this.writes.runs.push({
      placeholder,
      run: {
        appKey: this.rollout.appKey,
        rollout: this.rollout.rollout,
        revision,
        commit: await this.options.commitOf(this.rollout.appKey),
        strategy: isArgo(this.rollout)
          ? this.rollout.spec.strategy.kind
          : this.rollout.target.spec.strategy,
        result: 'Running',
        startedAt: this.options.now().toISOString(),
      },
    });
    return placeholder;
  }

  async finishRun(
    state: RolloutState,
    result: RolloutRunResult,
    message: string,
  ): Promise<void> {
    if (state.runId === undefined) return;
    this.writes.finishedRuns.push({
      id: state.runId,
      result,
      message,
      finishedAt: this.options.now().toISOString(),
    });
  }
}
