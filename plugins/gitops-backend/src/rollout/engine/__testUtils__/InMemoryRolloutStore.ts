import type {
  Page,
  RolloutCheck,
  RolloutEvent,
  RolloutRun,
} from '@internal/plugin-gitops-common';
import type {
  NewRolloutCheck,
  NewRolloutEvent,
  NewRolloutRun,
  RolloutState,
  RolloutStore,
} from '../types';

const key = (appKey: string, rollout: string) => `${appKey}#${rollout}`;

/** The rollout store in memory, for tests of what a tick records. */
export class InMemoryRolloutStore implements RolloutStore {
  readonly #states = new Map<string, RolloutState>();
  readonly #leases = new Map<string, { owner: string; until: number }>();
  readonly runs: RolloutRun[] = [];
  readonly checks: RolloutCheck[] = [];
  readonly events: Array<RolloutEvent & { appKey: string; rollout: string }> =
    [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  async getRolloutState(appKey: string, rollout: string) {
    const state = this.#states.get(key(appKey, rollout));
    return state && structuredClone(state);
  }

  async listRolloutStates(appKey?: string) {
    return [...this.#states.values()]
      .filter(s => appKey === undefined || s.appKey === appKey)
      .map(s => structuredClone(s));
  }

  async saveRolloutState(state: RolloutState) {
    this.#states.set(key(state.appKey, state.rollout), structuredClone(state));
  }

  async deleteRolloutState(appKey: string, rollout: string) {
    this.#states.delete(key(appKey, rollout));
  }

  async claimRollout(
    appKey: string,
    rollout: string,
    owner: string,
    ttlMs: number,
  ) {
    const now = this.now().getTime();
    const lease = this.#leases.get(key(appKey, rollout));
    if (lease && lease.owner !== owner && lease.until > now) return false;
    this.#leases.set(key(appKey, rollout), { owner, until: now + ttlMs });
    return true;
  }

  async addRolloutRun(run: NewRolloutRun) {
    const id = this.runs.length + 1;
    this.runs.push({ ...run, id });
    return id;
  }

  async finishRolloutRun(
    id: number,
    update: Pick<RolloutRun, 'result' | 'message' | 'finishedAt'>,
  ) {
    const run = this.runs.find(r => r.id === id);
    if (run) Object.assign(run, update);
  }

  async getRolloutRun(id: number) {
    return this.runs.find(r => r.id === id);
  }

  async listRolloutRuns(
    appKey: string,
    rollout: string,
    page: { offset: number; limit: number },
  ): Promise<Page<RolloutRun>> {
    const all = this.runs
      .filter(r => r.appKey === appKey && r.rollout === rollout)
      .reverse();
    return {
      items: all.slice(page.offset, page.offset + page.limit),
      totalCount: all.length,
    };
  }

  async addRolloutChecks(checks: NewRolloutCheck[]) {
    for (const check of checks)
      this.checks.push({ ...check, id: this.checks.length + 1 });
  }

  async listRolloutChecks(runId: number) {
    return this.checks.filter(c => c.runId === runId);
  }

  async addRolloutEvent(event: NewRolloutEvent) {
    const id = this.events.length + 1;
    this.events.push({ ...event, id });
    return id;
  }

  async listRolloutEvents(
    appKey: string,
    rollout: string,
    options: { runId?: number; limit?: number } = {},
  ) {
    const matching = this.events.filter(
      e =>
        e.appKey === appKey &&
        e.rollout === rollout &&
        (options.runId === undefined || e.runId === options.runId),
    );
    return options.limit ? matching.slice(-options.limit) : matching;
  }
}
