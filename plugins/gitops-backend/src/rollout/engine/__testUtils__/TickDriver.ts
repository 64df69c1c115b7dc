import type { RolloutAction } from '@slipway/plugin-gitops-common';
import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import { testProject } from '../../../__testUtils__/testProject';
import type { RolloutSpec } from '../../spec';
import type { ActiveRollout } from '../ports';
import { initialState } from '../initialState';
import { applyRequest } from '../requests';
import { runTick } from '../RolloutTick';
import { TickLog } from '../TickLog';
import type { RolloutState } from '../types';
import { FakeAnalysis } from './FakeAnalysis';
import { FakeClock } from './FakeClock';
import { FakeRouter } from './FakeRouter';
import { FakeWorkloads } from './FakeWorkloads';
import { InMemoryRolloutStore } from './InMemoryRolloutStore';

export const ID = 'podinfo.test';

/**
 * One rollout ticked by hand over fake ports, as the engine ticks it: the
 * real tick and its log, state kept between ticks, manual requests
 * applied as the REST API applies them. The clock moves only when the test
 * moves it.
 */
export class TickDriver {
  readonly clock = new FakeClock();
  readonly workloads = new FakeWorkloads();
  readonly router = new FakeRouter();
  readonly analysis = new FakeAnalysis();
  readonly store = new InMemoryRolloutStore();
  readonly rollout: ActiveRollout;
  state: RolloutState;
  #ticks = 0;

  constructor(spec: RolloutSpec) {
    this.rollout = {
      appKey: 'component:default/podinfo@local',
      rollout: 'podinfo',
      project: testProject(),
      target: {
        cluster: { name: 'local' } as RolloutCluster,
        namespace: 'test',
        spec,
      },
      documents: [],
    };
    this.state = initialState(this.rollout.appKey, 'podinfo', this.clock.now());
  }

  /** One tick, saved as the engine saves it; returns a copy of the state after it. */
  async tick(): Promise<RolloutState> {
    const log = new TickLog(this.rollout, this.analysis, {
      now: this.clock.now,
      commitOf: async () => 'c0ffee',
    });
    const deps = {
      workloads: this.workloads,
      router: this.router,
      analysis: this.analysis,
      now: this.clock.now,
      reconcileObjects: this.#ticks++ === 0,
    };
    const signal = new AbortController().signal;
    await runTick(this.rollout, this.state, deps, log, signal);
    await this.store.commitTick(this.state, log.writes);
    return structuredClone(this.state);
  }

  /** Ticks until `done` holds, at most `max` times. */
  async tickUntil(
    done: (state: RolloutState) => boolean,
    what: string,
    max = 20,
  ): Promise<RolloutState> {
    for (let i = 0; i < max; i++) {
      const state = await this.tick();
      if (done(state)) return state;
    }
    throw new Error(
      `not ${what} after ${max} ticks: ${this.state.phase} ${this.state.message}`,
    );
  }

  /** Ticks while `going` holds, at most `max` times; returns the state after each tick. */
  async ticksWhile(
    going: (state: RolloutState) => boolean,
    max = 20,
  ): Promise<RolloutState[]> {
    const states: RolloutState[] = [];
    for (let i = 0; i < max; i++) {
      const state = await this.tick();
      states.push(state);
      if (!going(state)) return states;
    }
    throw new Error(`still ${this.state.phase} after ${max} ticks`);
  }

  /** Initialised on revision h0, then `hash` deployed and its run started. */
  async startRun(hash = 'h1'): Promise<RolloutState> {
    await this.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    this.workloads.deploy(hash);
    return this.tickUntil(s => s.phase === 'Progressing', 'Progressing');
  }

  /** A manual request as the REST API records it; throws ConflictError when it does not apply. */
  control(action: RolloutAction): void {
    applyRequest(this.state, action);
  }

  /** Every event message, oldest first. */
  messages(): string[] {
    return this.store.events.map(e => e.message);
  }

  /** Event messages since the `from`th. */
  messagesFrom(from: number): string[] {
    return this.messages().slice(from);
  }

  /** Runs, oldest first. */
  runs() {
    return this.store.runs;
  }
}
