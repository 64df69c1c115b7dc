import type {
  RolloutCheck,
  RolloutEvent,
  RolloutRun,
} from '@slipway/plugin-gitops-common';
import type { RolloutState, RolloutStore, TickWrites } from '../types';

/**
 * Where the ticks of the unit tests save their writes, in memory: runs,
 * checks and events as the database store saves them (real ids in place of
 * the tick's placeholders), without leases or merging of requests.
 */
export class InMemoryRolloutStore implements Pick<RolloutStore, 'commitTick'> {
  readonly runs: RolloutRun[] = [];
  readonly checks: RolloutCheck[] = [];
  readonly events: Array<RolloutEvent & { appKey: string; rollout: string }> =
    [];
  /** The state as the last tick saved it. */
  saved?: RolloutState;

  async commitTick(state: RolloutState, writes: TickWrites) {
    const ids = new Map<number, number>();
    for (const { placeholder, run } of writes.runs) {
      const id = this.runs.length + 1;
      this.runs.push({ ...run, id });
      ids.set(placeholder, id);
    }
    const runId = (id: number) => ids.get(id) ?? id;
    for (const { id, ...finished } of writes.finishedRuns) {
      const run = this.runs.find(r => r.id === runId(id));
      if (run) Object.assign(run, finished);
    }
    for (const event of writes.events) {
      this.events.push({
        ...event,
        runId: event.runId === undefined ? undefined : runId(event.runId),
        id: this.events.length + 1,
      });
    }
    for (const check of writes.checks) {
      this.checks.push({
        ...check,
        runId: runId(check.runId),
        id: this.checks.length + 1,
      });
    }
    if (state.runId !== undefined) state.runId = runId(state.runId);
    this.saved = structuredClone(state);
    return { requestsArrived: false };
  }
}
