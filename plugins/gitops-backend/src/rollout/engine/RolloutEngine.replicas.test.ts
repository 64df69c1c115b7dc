import { mockServices } from '@backstage/backend-test-utils';
import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import { waitUntil } from '@internal/test-env';
import type { DatabaseRolloutStore } from '../../database/DatabaseRolloutStore';
import type { ArgoRolloutState } from './argo/state';
import { appSpec, storeReconciledApp } from '../../__testUtils__/reconciledApp';
import {
  createTestDatabases,
  EVERY_ENGINE,
  TestStores,
} from '../../__testUtils__/testDatabases';
import type { RolloutSpec } from '../spec';
import type { Workloads } from '../workloads/types';
import { FakeAnalysis } from './__testUtils__/FakeAnalysis';
import { FakeRouter } from './__testUtils__/FakeRouter';
import { FakeWorkloads } from './__testUtils__/FakeWorkloads';
import { canarySpec } from './__testUtils__/rolloutSpecs';
import { RolloutEngine, RolloutEngineOptions } from './RolloutEngine';
import type { RolloutState, RolloutStore } from './types';

jest.setTimeout(60_000);

// Several backend replicas on one real database, each its own engine and
// store; the cluster, the metrics and the webhooks are fakes they share.

const databases = createTestDatabases(EVERY_ENGINE);
const app = appSpec('a');
const ROLLOUT = 'podinfo';

/** The canary of the unit tests, ticking every `intervalMs`. */
function specEvery(intervalMs: number): RolloutSpec {
  const spec = canarySpec();
  spec.analysis.intervalMs = intervalMs;
  return spec;
}

/** Workloads whose next `revision` read waits until released: a tick stalled mid-way. */
function stallable(inner: Workloads) {
  let stall: { reached(): void; released: Promise<void> } | undefined;
  const workloads = new Proxy(inner, {
    get(target, name: keyof Workloads) {
      if (name !== 'revision') return target[name].bind(target);
      return async (...args: Parameters<Workloads['revision']>) => {
        const current = stall;
        stall = undefined;
        if (current) {
          current.reached();
          await current.released;
        }
        return target.revision(...args);
      };
    },
  });
  return {
    workloads,
    /** Stalls the next tick that reads the workload, until `release`. */
    stallNextTick() {
      let reached!: () => void;
      let release!: () => void;
      const reachedP = new Promise<void>(r => (reached = r));
      stall = { reached, released: new Promise<void>(r => (release = r)) };
      return { reached: reachedP, release };
    },
  };
}

describe.each(databases.eachSupportedId())(
  'rollout engine on several replicas (%s)',
  id => {
    let stores: TestStores;
    let world: {
      workloads: FakeWorkloads;
      router: FakeRouter;
      analysis: FakeAnalysis;
    };
    const engines: RolloutEngine[] = [];

    beforeAll(async () => {
      stores = await databases.stores(id);
    });

    beforeEach(() => {
      world = {
        workloads: new FakeWorkloads(),
        router: new FakeRouter(),
        analysis: new FakeAnalysis(),
      };
    });

    afterEach(async () => {
      await Promise.all(engines.splice(0).map(e => e.stop()));
      for (const table of [
        'rollout_checks',
        'rollout_runs',
        'rollout_events',
        'apps',
      ])
        await stores.knex(table).delete();
    });

    /** One backend replica: its own engine and store over the shared database. */
    function replica(
      owner: string,
      options: RolloutEngineOptions & {
        workloads?: Workloads;
        store?: RolloutStore;
      } = {},
    ) {
      const logger = mockServices.logger.mock();
      const engine = new RolloutEngine(
        {
          store: options.store ?? stores.rollouts,
          workloads: options.workloads ?? world.workloads,
          routers: () => world.router,
          analysis: world.analysis,
          clusterOf: () => ({ name: 'dev' } as RolloutCluster),
          commitOf: async () => 'c0ffee',
          logger,
        },
        { owner, pollIntervalMs: 50, leaseMs: 2000, ...options },
      );
      engines.push(engine);
      return { engine, logger };
    }

    const reconciled = (spec: RolloutSpec) =>
      storeReconciledApp(stores, app, [{ name: ROLLOUT, spec }]);
    const state = async () =>
      (await stores.rollouts.getRolloutState(app.key, ROLLOUT))!;
    const lease = async () => {
      const row = await stores
        .knex('rollout_states')
        .where({ app_key: app.key, rollout: ROLLOUT })
        .first('lease_owner', 'lease_token', 'lease_expires_at');
      return {
        owner: row.lease_owner as string,
        token: Number(row.lease_token),
        expiresAt: new Date(row.lease_expires_at).getTime(),
      };
    };
    const stateUntil = (
      done: (s: RolloutState) => boolean,
      description: string,
      timeoutMs = 15_000,
    ) =>
      waitUntil(() => stores.rollouts.getRolloutState(app.key, ROLLOUT), {
        until: s => Boolean(s && done(s)),
        description,
        timeoutMs,
        intervalMs: 20,
      }) as Promise<RolloutState>;
    /** Ticks by hand until the run is in analysis at weight 10. */
    const tickToWeight10 = async (engine: RolloutEngine) => {
      for (let i = 0; i < 5 && (await state())?.phase !== 'Initialized'; i++)
        await engine.tickNow(app.key, ROLLOUT);
      world.workloads.deploy('h1');
      for (let i = 0; i < 5 && (await state()).canaryWeight < 10; i++)
        await engine.tickNow(app.key, ROLLOUT);
      expect(await state()).toMatchObject({
        phase: 'Progressing',
        canaryWeight: 10,
      });
    };
    const messages = async () =>
      (await stores.rollouts.listRolloutEvents(app.key, ROLLOUT)).map(
        e => e.message,
      );

    it('runs the rollouts of an app it never reconciled, from the database', async () => {
      // Another replica reconciled the app and handed its rollouts over.
      await reconciled(specEvery(100));
      const b = replica('replica-b');
      b.engine.start();

      await stateUntil(s => s.phase === 'Initialized', 'Initialized');
      expect((await lease()).owner).toBe('replica-b');
      expect(b.engine.active(app.key).map(r => r.rollout)).toEqual([ROLLOUT]);
    });

    it('takes over the rollouts of a replica that died within one lease period, from the step it reached', async () => {
      await reconciled(specEvery(200));
      // Replica A dies right after saving weight 10: from then on it reaches nothing.
      let dead = false;
      const unreachable = new Proxy(stores.rollouts, {
        get(target, name: keyof DatabaseRolloutStore<ArgoRolloutState>) {
          const method = target[name] as (...args: unknown[]) => unknown;
          return async (...args: unknown[]) => {
            if (dead) throw new Error('connection refused');
            const result = await method.apply(target, args);
            if (name === 'commitTick' && (args[0] as RolloutState).canaryWeight)
              dead = true;
            return result;
          };
        },
      });
      const a = replica('replica-a', { store: unreachable, leaseMs: 1000 });
      a.engine.start();
      await stateUntil(s => s.phase === 'Initialized', 'A initialises');
      world.workloads.deploy('h1');
      const died = await stateUntil(s => s.canaryWeight === 10, 'A at 10');
      expect(dead).toBe(true);
      const heldUntil = (await lease()).expiresAt;

      const b = replica('replica-b', { leaseMs: 1000 });
      b.engine.start();
      const taken = await stateUntil(
        s => s.canaryWeight > 10,
        'B takes over and advances',
      );
      const now = await lease();
      expect(now.owner).toBe('replica-b');
      // Due 200 ms after A's last tick; A's lease ran 1 s past that.
      expect(heldUntil).toBe(Date.parse(died.nextTickAt!) + 1000);
      expect(Date.parse(taken.lastTickAt!)).toBeGreaterThanOrEqual(heldUntil);
      expect(Date.parse(taken.lastTickAt!)).toBeLessThan(heldUntil + 2000);
      // The same run goes on from 10: no step was repeated or skipped.
      expect(taken).toMatchObject({ canaryWeight: 20, runId: died.runId });
      const written = world.router.canaryWeights();
      expect(written.filter(w => w === '10')).toHaveLength(1);
      expect(written.filter(w => w === '20')).toHaveLength(1);
    });

    it('refuses the late results of a replica stalled past its lease: the new owner’s state stands', async () => {
      const stalled = stallable(world.workloads);
      const a = replica('replica-a', {
        workloads: stalled.workloads,
        leaseMs: 60_000,
      });
      const b = replica('replica-b', { leaseMs: 60_000 });
      await reconciled(specEvery(60_000));
      await tickToWeight10(a.engine);
      const tokenA = (await lease()).token;

      // A's next tick stalls (a long GC pause, a partition) until its lease
      // has run out; B takes the rollout over and ticks it.
      const stall = stalled.stallNextTick();
      const late = a.engine.tickNow(app.key, ROLLOUT);
      await stall.reached;
      await stores
        .knex('rollout_states')
        .where({ app_key: app.key, rollout: ROLLOUT })
        .update({ lease_expires_at: new Date(Date.now() - 1) });
      await b.engine.tickNow(app.key, ROLLOUT);
      const afterB = await state();
      expect(afterB.canaryWeight).toBe(20);
      expect((await lease()).token).toBe(tokenA + 1);

      // A wakes up, finishes its tick (weight 20 again, an event, its
      // checks) and tries to save it: refused, dropped and logged.
      stall.release();
      await late;
      expect(await state()).toEqual(afterB);
      expect(await lease()).toMatchObject({
        owner: 'replica-b',
        token: tokenA + 1,
      });
      expect((await messages()).filter(m => m.startsWith('Advance'))).toEqual([
        'Advance podinfo.test canary weight 10',
        'Advance podinfo.test canary weight 20',
      ]);
      const checks = await stores.rollouts.listRolloutChecks(afterB.runId!);
      // B's analysis at weight 10; A's of the same step is gone.
      expect(checks.map(c => c.canaryWeight)).toEqual([10]);
      expect(a.logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Dropped the results of a rollout tick: Rollout podinfo of .* the lease of replica-a moved to another backend/,
        ),
        { app: app.key, rollout: ROLLOUT },
      );
    });

    it('acts at once on a manual request made on another replica, on the replica holding the rollout', async () => {
      const a = replica('replica-a', { leaseMs: 60_000 });
      await reconciled(specEvery(60_000));
      await tickToWeight10(a.engine);
      const held = await lease();
      a.engine.start();
      const b = replica('replica-b');
      b.engine.start();

      const status = await b.engine.control(app.key, ROLLOUT, 'abort');
      expect(status).toMatchObject({ phase: 'Progressing', canaryWeight: 10 });
      const failed = await stateUntil(
        s => s.phase === 'Failed',
        'the holder rolls back',
        5000,
      );
      expect(failed.requests.abort).toBeFalsy();
      expect(await lease()).toMatchObject({
        owner: 'replica-a',
        token: held.token,
      });
      const [run] = (
        await stores.rollouts.listRolloutRuns(app.key, ROLLOUT, {
          offset: 0,
          limit: 1,
        })
      ).items;
      expect(run.result).toBe('Aborted');
    });

    it('keeps a request made while the holder ticks, and acts on it right after', async () => {
      const stalled = stallable(world.workloads);
      const a = replica('replica-a', {
        workloads: stalled.workloads,
        leaseMs: 60_000,
      });
      await reconciled(specEvery(60_000));
      await tickToWeight10(a.engine);
      a.engine.start();
      const b = replica('replica-b');

      const stall = stalled.stallNextTick();
      const ticking = a.engine.tickNow(app.key, ROLLOUT);
      await stall.reached;
      await b.engine.control(app.key, ROLLOUT, 'pause');
      stall.release();
      await ticking;

      // The stalled tick advanced without knowing of the pause; its save
      // kept the request, and the next tick (at once, not in a minute) holds.
      const paused = await stateUntil(
        s => s.phase === 'Waiting',
        'the pause to take effect',
        5000,
      );
      expect(paused).toMatchObject({
        canaryWeight: 20,
        requests: { paused: true },
        pause: { reason: 'manual pause' },
      });
    });

    it('hands its leases back on stop, so another replica continues at once', async () => {
      await reconciled(specEvery(200));
      const a = replica('replica-a', { leaseMs: 60_000 });
      a.engine.start();
      await stateUntil(s => s.phase === 'Initialized', 'A initialises');
      world.workloads.deploy('h1');
      await stateUntil(s => s.canaryWeight === 10, 'A at 10');
      await a.engine.stop();
      const stoppedAt = Date.now();

      // Had A died instead, its lease would hold the rollout for a minute.
      const b = replica('replica-b', { leaseMs: 60_000 });
      b.engine.start();
      await stateUntil(s => s.canaryWeight === 20, 'B advances', 5000);
      expect((await lease()).owner).toBe('replica-b');
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
    });

    it('resumes after a restart from the saved step, not before its next tick', async () => {
      const a = replica('replica-a', { leaseMs: 60_000 });
      await reconciled(specEvery(60_000));
      await tickToWeight10(a.engine);
      const saved = await state();
      await a.engine.stop();

      // The new backend looks for due rollouts again and again and leaves
      // this one until its next tick.
      let polls = 0;
      const counting = new Proxy(stores.rollouts, {
        get(target, name: keyof DatabaseRolloutStore<ArgoRolloutState>) {
          const method = target[name] as (...args: unknown[]) => unknown;
          return (...args: unknown[]) => {
            if (name === 'claimDueRollouts') polls++;
            return method.apply(target, args);
          };
        },
      });
      const b = replica('replica-b', { store: counting });
      b.engine.start();
      await waitUntil(() => polls, {
        until: n => n >= 5,
        description: 'five looks for due rollouts',
      });
      expect(await state()).toEqual(saved);

      await stores
        .knex('rollout_states')
        .where({ app_key: app.key, rollout: ROLLOUT })
        .update({ next_tick_at: new Date() });
      const resumed = await stateUntil(
        s => s.canaryWeight !== 10,
        'the due tick',
        5000,
      );
      expect(resumed).toMatchObject({
        phase: 'Progressing',
        canaryWeight: 20,
        runId: saved.runId,
      });
    });
  },
);
