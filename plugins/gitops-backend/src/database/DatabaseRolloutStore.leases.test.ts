import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  createTestDatabases,
  EVERY_ENGINE,
  TestStores,
} from '../__testUtils__/testDatabases';
import { appSpec, storeReconciledApp } from '../__testUtils__/reconciledApp';
import { canarySpec } from '../rollout/engine/__testUtils__/rolloutSpecs';
import { initialState } from '../rollout/engine/initialState';
import type { DatabaseRolloutStore } from './DatabaseRolloutStore';
import { LeaseLostError } from './LeaseLostError';
import type {
  RolloutLease,
  RolloutRequests,
  RolloutState,
  TickWrites,
} from './RolloutStore';

jest.setTimeout(60_000);

const databases = createTestDatabases(EVERY_ENGINE);

const app = appSpec('a');
const spec = canarySpec();
const template = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'MetricTemplate',
  metadata: { name: 'errors' },
  spec: { provider: { type: 'prometheus' }, query: 'vector(1)' },
};

const noWrites = (writes: Partial<TickWrites> = {}): TickWrites => ({
  runs: [],
  finishedRuns: [],
  events: [],
  checks: [],
  ...writes,
});

const inAMinute = () => new Date(Date.now() + 60_000);

describe.each(databases.eachSupportedId())(
  'rollout leases and ticks in the database (%s)',
  id => {
    let stores: TestStores;
    let knex: Knex;
    let store: DatabaseRolloutStore;

    beforeAll(async () => {
      stores = await databases.stores(id);
      ({ knex, rollouts: store } = stores);
    });

    afterEach(async () => {
      for (const table of [
        'rollout_checks',
        'rollout_runs',
        'rollout_events',
        'apps',
      ])
        await knex(table).delete();
    });

    const row = (rollout = 'payments', appKey = app.key) =>
      knex('rollout_states').where({ app_key: appKey, rollout }).first();
    const expireLease = (rollout = 'payments') =>
      knex('rollout_states')
        .where({ app_key: app.key, rollout })
        .update({ lease_expires_at: new Date(Date.now() - 1000) });
    const time = (value: Date | string | number | null) =>
      value === null ? null : new Date(value).getTime();

    /** A tick's state as it ends, due again in a minute. */
    const ticked = (overrides: Partial<RolloutState> = {}): RolloutState => ({
      ...initialState(app.key, 'payments', new Date()),
      phase: 'Progressing',
      canaryWeight: 10,
      nextTickAt: new Date(Date.now() + 60_000).toISOString(),
      ...overrides,
    });

    /** As the engine commits: the lease held 30 s past the next tick. */
    const commit = (
      lease: RolloutLease,
      state: RolloutState,
      writes = noWrites(),
      requestsRead: RolloutRequests = { ...state.requests },
    ) =>
      store.commitTick(state, writes, {
        lease,
        requestsRead,
        leaseUntil: new Date(Date.parse(state.nextTickAt!) + 30_000),
      });

    const claim = async (owner: string, rollout = 'payments') => {
      const lease = await store.claimRollout(app.key, rollout, owner, 60_000);
      if (!lease) throw new Error(`${owner} could not claim ${rollout}`);
      return lease;
    };

    describe('claiming due rollouts', () => {
      it('claims each valid, handed-over rollout that is due, once, with what its tick needs', async () => {
        await storeReconciledApp(
          stores,
          app,
          [
            { name: 'payments', spec },
            { name: 'broken', errors: ['spec.analysis: required'] },
          ],
          { documents: [template] },
        );
        // Reconciled, but the documents were never handed over.
        const other = appSpec('b');
        await storeReconciledApp(stores, other, [{ name: 'web', spec }], {
          handOver: false,
        });
        // Both have rows that are due and free.
        await store.claimRollout(other.key, 'web', 'backend-x', 0);
        await store.claimRollout(app.key, 'broken', 'backend-x', 0);

        const [claimed, ...more] = await store.claimDueRollouts(
          'backend-a',
          10,
          60_000,
        );
        expect(more).toEqual([]);
        expect(claimed).toEqual({
          lease: {
            appKey: app.key,
            rollout: 'payments',
            owner: 'backend-a',
            token: 1,
          },
          definition: {
            appKey: app.key,
            rollout: 'payments',
            spec: JSON.stringify(spec),
            documents: JSON.stringify([template]),
            app: JSON.stringify({ valid: true, ...app }),
          },
          state: undefined,
        });
        // Not due again while the claim holds, for anyone.
        expect(await store.claimDueRollouts('backend-b', 10, 60_000)).toEqual(
          [],
        );
        expect(await store.claimDueRollouts('backend-a', 10, 60_000)).toEqual(
          [],
        );
      });

      it('hands the state over with the claim, and leaves rollouts that are not due', async () => {
        await storeReconciledApp(stores, app, [
          { name: 'payments', spec },
          { name: 'web', spec },
        ]);
        const lease = await claim('backend-a');
        await commit(lease, ticked({ canaryWeight: 20 }));
        const web = await claim('backend-a', 'web');
        await commit(
          web,
          ticked({
            rollout: 'web',
            nextTickAt: new Date(Date.now() - 1000).toISOString(),
          }),
        );
        await store.releaseRollouts('backend-a');

        const claimed = await store.claimDueRollouts('backend-b', 10, 60_000);
        expect(claimed.map(c => c.lease)).toEqual([
          { appKey: app.key, rollout: 'web', owner: 'backend-b', token: 2 },
        ]);
        expect(claimed[0].state).toMatchObject({
          rollout: 'web',
          phase: 'Progressing',
          canaryWeight: 10,
        });
      });

      it('never gives one rollout to two replicas claiming at once', async () => {
        const names = Array.from({ length: 12 }, (_, i) => `canary-${i}`);
        await storeReconciledApp(
          stores,
          app,
          names.map(name => ({ name, spec })),
        );
        const owners = ['backend-a', 'backend-b', 'backend-c', 'backend-d'];
        const claimed: string[] = [];
        const claimAtOnce = () =>
          Promise.all(
            owners.map(owner => store.claimDueRollouts(owner, 5, 60_000)),
          );
        // Rounds until every rollout is claimed: a claimant skips rows
        // another is locking, so one round may leave some.
        for (let round = 0; round < 10 && claimed.length < 12; round++) {
          const results = await claimAtOnce();
          for (const [i, rollouts] of results.entries()) {
            for (const r of rollouts) {
              expect(r.lease.owner).toBe(owners[i]);
              claimed.push(r.lease.rollout);
            }
          }
        }
        expect(claimed.sort()).toEqual([...names].sort());
        const leases = await knex('rollout_states').select(
          'rollout',
          'lease_owner',
        );
        for (const lease of leases) {
          expect(owners).toContain(lease.lease_owner);
        }
      });
    });

    describe('fencing', () => {
      it('refuses the late commit of a replica whose lease moved: it leaves nothing, the new owner’s state stands', async () => {
        await storeReconciledApp(stores, app, [{ name: 'payments', spec }]);
        const a = await claim('backend-a');
        await commit(a, ticked({ canaryWeight: 10 }));

        // backend-a pauses past its lease; backend-b takes the rollout and ticks.
        await expireLease();
        const b = await claim('backend-b');
        expect(b.token).toBe(a.token + 1);
        const stateB = ticked({ canaryWeight: 20, message: 'weight 20' });
        await commit(
          b,
          stateB,
          noWrites({
            events: [
              {
                appKey: app.key,
                rollout: 'payments',
                type: 'Normal',
                message: 'Advance payments canary weight 20',
                phase: 'Progressing',
                canaryWeight: 20,
                at: new Date().toISOString(),
              },
            ],
          }),
        );

        // backend-a wakes up and saves what its tick did: a new run, its
        // checks and events, and a weight of 20 of its own.
        const late = commit(
          a,
          ticked({ canaryWeight: 20, runId: -1, message: 'late' }),
          noWrites({
            runs: [
              {
                placeholder: -1,
                run: {
                  appKey: app.key,
                  rollout: 'payments',
                  revision: 'h9',
                  strategy: 'canary',
                  result: 'Running',
                  startedAt: new Date().toISOString(),
                },
              },
            ],
            events: [
              {
                appKey: app.key,
                rollout: 'payments',
                runId: -1,
                type: 'Normal',
                message: 'late event',
                phase: 'Progressing',
                canaryWeight: 20,
                at: new Date().toISOString(),
              },
            ],
            checks: [
              {
                runId: -1,
                kind: 'metric',
                name: 'request-success-rate',
                value: 99.9,
                passed: true,
                canaryWeight: 20,
                durationMs: 3,
                at: new Date().toISOString(),
              },
            ],
          }),
        );
        await expect(late).rejects.toThrow(LeaseLostError);
        await expect(late).rejects.toThrow(ConflictError);

        expect(await store.getRolloutState(app.key, 'payments')).toEqual(
          stateB,
        );
        expect(
          (await store.listRolloutEvents(app.key, 'payments')).map(
            e => e.message,
          ),
        ).toEqual(['Advance payments canary weight 20']);
        expect(
          Number((await knex('rollout_runs').count({ n: '*' }))[0].n),
        ).toBe(0);
        expect(
          Number((await knex('rollout_checks').count({ n: '*' }))[0].n),
        ).toBe(0);
        expect(await row()).toMatchObject({ lease_owner: 'backend-b' });
      });

      it('refuses a late commit of events and checks alone, the common tick, just the same', async () => {
        await storeReconciledApp(stores, app, [{ name: 'payments', spec }]);
        const a = await claim('backend-a');
        const runId = await store.addRolloutRun({
          appKey: app.key,
          rollout: 'payments',
          revision: 'h1',
          strategy: 'canary',
          result: 'Running',
          startedAt: new Date().toISOString(),
        });
        await commit(a, ticked({ canaryWeight: 10, runId }));
        await expireLease();
        const b = await claim('backend-b');
        const stateB = ticked({ canaryWeight: 20, runId });
        await commit(b, stateB);

        const advance = (canaryWeight: number) =>
          noWrites({
            events: [
              {
                appKey: app.key,
                rollout: 'payments',
                runId,
                type: 'Normal',
                message: `Advance payments canary weight ${canaryWeight}`,
                phase: 'Progressing',
                canaryWeight,
                at: new Date().toISOString(),
              },
            ],
            checks: [
              {
                runId,
                kind: 'metric',
                name: 'request-success-rate',
                value: 99.5,
                min: 99,
                passed: true,
                canaryWeight,
                durationMs: 4,
                at: new Date().toISOString(),
              },
            ],
          });
        await expect(
          commit(a, ticked({ canaryWeight: 20, runId }), advance(20)),
        ).rejects.toThrow(LeaseLostError);
        expect(await store.getRolloutState(app.key, 'payments')).toEqual(
          stateB,
        );
        expect(await store.listRolloutEvents(app.key, 'payments')).toEqual([]);
        expect(await store.listRolloutChecks(runId)).toEqual([]);

        // The holder's own commit of the same writes goes through, typed as stored.
        const stateB2 = ticked({ canaryWeight: 30, runId });
        await commit(b, stateB2, advance(30));
        expect(await store.getRolloutState(app.key, 'payments')).toEqual(
          stateB2,
        );
        expect(await store.listRolloutEvents(app.key, 'payments')).toEqual([
          expect.objectContaining({
            runId,
            message: 'Advance payments canary weight 30',
            canaryWeight: 30,
          }),
        ]);
        expect(await store.listRolloutChecks(runId)).toEqual([
          expect.objectContaining({
            runId,
            value: 99.5,
            min: 99,
            passed: true,
            canaryWeight: 30,
            durationMs: 4,
          }),
        ]);
      });

      it('refuses an old token of the same owner after the lease went round', async () => {
        await storeReconciledApp(stores, app, [{ name: 'payments', spec }]);
        const first = await claim('backend-a');
        await expireLease();
        await claim('backend-b');
        await expireLease();
        const again = await claim('backend-a');
        expect(again.token).toBe(first.token + 2);

        await expect(commit(first, ticked())).rejects.toThrow(LeaseLostError);
        await expect(store.renewRollout(first, inAMinute())).resolves.toBe(
          false,
        );
        await commit(again, ticked({ canaryWeight: 30 }));
        expect(await store.getRolloutState(app.key, 'payments')).toMatchObject({
          canaryWeight: 30,
        });
      });

      it('saves a tick’s runs, events and checks with its state, under the runs’ real ids', async () => {
        await storeReconciledApp(stores, app, [{ name: 'payments', spec }]);
        const lease = await claim('backend-a');
        const old = await store.addRolloutRun({
          appKey: app.key,
          rollout: 'payments',
          revision: 'h1',
          strategy: 'canary',
          result: 'Running',
          startedAt: '2026-12-01T10:00:00.000Z',
        });
        const at = '2026-12-01T10:05:00.000Z';
        const event = (message: string, runId?: number) => ({
          appKey: app.key,
          rollout: 'payments',
          runId,
          type: 'Normal' as const,
          message,
          phase: 'Progressing' as const,
          canaryWeight: 0,
          at,
        });
        const leaseUntil = inAMinute();
        const state = ticked({ runId: -1 });
        // A newer revision superseded the run and started the next one.
        await store.commitTick(
          state,
          noWrites({
            finishedRuns: [
              { id: old, result: 'Superseded', message: 'h2', finishedAt: at },
            ],
            runs: [
              {
                placeholder: -1,
                run: {
                  appKey: app.key,
                  rollout: 'payments',
                  revision: 'h2',
                  strategy: 'canary',
                  result: 'Running',
                  startedAt: at,
                },
              },
            ],
            events: [
              event('before the run'),
              event('New revision detected! Restarting analysis', -1),
            ],
            checks: [
              {
                runId: -1,
                kind: 'webhook',
                name: 'smoke',
                hookType: 'pre-rollout',
                status: 200,
                passed: true,
                canaryWeight: 0,
                durationMs: 5,
                at,
              },
            ],
          }),
          { lease, requestsRead: {}, leaseUntil },
        );

        expect(state.runId).toBeGreaterThan(old);
        const runs = await store.listRolloutRuns(app.key, 'payments', {
          offset: 0,
          limit: 5,
        });
        expect(runs.items.map(r => [r.id, r.revision, r.result])).toEqual([
          [state.runId, 'h2', 'Running'],
          [old, 'h1', 'Superseded'],
        ]);
        expect(
          (await store.listRolloutEvents(app.key, 'payments')).map(e => [
            e.runId,
            e.message,
          ]),
        ).toEqual([
          [undefined, 'before the run'],
          [state.runId, 'New revision detected! Restarting analysis'],
        ]);
        expect(await store.listRolloutChecks(state.runId!)).toEqual([
          expect.objectContaining({ runId: state.runId, name: 'smoke' }),
        ]);
        expect(await store.getRolloutState(app.key, 'payments')).toEqual(state);
        expect(time((await row()).lease_expires_at)).toBe(leaseUntil.getTime());
      });
    });

    describe('manual requests', () => {
      it('keeps a request recorded during a tick, beside what the tick consumed, and makes the rollout due at once', async () => {
        await storeReconciledApp(stores, app, [{ name: 'payments', spec }]);
        const lease = await claim('backend-a');
        await commit(lease, ticked({ requests: { promote: true } }));

        // The tick starts from {promote} and consumes it; meanwhile another
        // replica records an abort.
        const state = (await store.getRolloutState(app.key, 'payments'))!;
        const read = { ...state.requests };
        state.requests.promote = false;
        await store.recordRolloutRequest(app.key, 'payments', s => {
          s.requests.abort = true;
        });
        const before = Date.now();
        const { requestsArrived } = await commit(
          lease,
          ticked({ requests: state.requests }),
          noWrites(),
          read,
        );

        expect(requestsArrived).toBe(true);
        const saved = (await store.getRolloutState(app.key, 'payments'))!;
        expect(saved.requests).toEqual({ promote: false, abort: true });
        expect(Date.parse(saved.nextTickAt!)).toBeGreaterThanOrEqual(
          before - 1000,
        );
        expect(Date.parse(saved.nextTickAt!)).toBeLessThanOrEqual(Date.now());

        // A tick with nothing recorded meanwhile keeps its own next tick.
        const quiet = ticked({ requests: saved.requests });
        expect(await commit(lease, quiet)).toEqual({ requestsArrived: false });
        expect(await store.getRolloutState(app.key, 'payments')).toEqual(quiet);
      });

      it('records a request on the requests alone, checked against the state it was read with', async () => {
        await storeReconciledApp(stores, app, [{ name: 'payments', spec }]);
        expect(
          await store.recordRolloutRequest(app.key, 'payments', () => {}),
        ).toBeUndefined();
        const lease = await claim('backend-a');
        const progressing = ticked({ canaryWeight: 10 });
        await commit(lease, progressing);

        await expect(
          store.recordRolloutRequest(app.key, 'payments', () => {
            throw new ConflictError('not in this phase');
          }),
        ).rejects.toThrow('not in this phase');
        expect(await store.getRolloutState(app.key, 'payments')).toEqual(
          progressing,
        );

        // The holder's tick commits between the read and the write, in the
        // same millisecond as the last one: the request is checked again
        // against the newer state, not written over it.
        const promoting = ticked({
          phase: 'Promoting',
          canaryWeight: 30,
          updatedAt: progressing.updatedAt,
          lastTickAt: progressing.lastTickAt,
        });
        const seen: string[] = [];
        const recorded = await store.recordRolloutRequest(
          app.key,
          'payments',
          async s => {
            seen.push(`${s.phase}@${s.canaryWeight}`);
            if (seen.length === 1) await commit(lease, promoting);
            s.requests.paused = true;
          },
        );
        expect(seen).toEqual(['Progressing@10', 'Promoting@30']);
        const stored = await store.getRolloutState(app.key, 'payments');
        expect(stored).toEqual({
          ...promoting,
          requests: { paused: true },
          nextTickAt: recorded!.nextTickAt,
        });
        expect(Date.parse(recorded!.nextTickAt!)).toBeLessThanOrEqual(
          Date.now(),
        );
        // The holder keeps its lease.
        const { lease_owner, lease_token } = await row();
        expect([lease_owner, Number(lease_token)]).toEqual([
          'backend-a',
          lease.token,
        ]);
      });
    });

    describe('renewing and handing back', () => {
      it('renews only the holder’s lease; a claim’s due time moves with it, a request’s stays', async () => {
        await storeReconciledApp(stores, app, [{ name: 'payments', spec }]);
        await store.saveRolloutState(ticked({ nextTickAt: undefined }));
        const [{ lease }] = await store.claimDueRollouts(
          'backend-a',
          1,
          60_000,
        );
        const until = new Date(Date.now() + 120_000);
        expect(await store.renewRollout(lease, until)).toBe(true);
        expect(await row()).toMatchObject({ lease_owner: 'backend-a' });
        expect(time((await row()).next_tick_at)).toBe(until.getTime());
        expect(time((await row()).lease_expires_at)).toBe(until.getTime());

        const requested = await store.recordRolloutRequest(
          app.key,
          'payments',
          s => {
            s.requests.promote = true;
          },
        );
        const later = new Date(Date.now() + 180_000);
        expect(await store.renewRollout(lease, later)).toBe(true);
        expect(time((await row()).next_tick_at)).toBe(
          Date.parse(requested!.nextTickAt!),
        );
        expect(time((await row()).lease_expires_at)).toBe(later.getTime());

        await expireLease();
        await claim('backend-b');
        expect(await store.renewRollout(lease, later)).toBe(false);
      });

      it('hands back every lease of a stopping replica; a claim whose tick never committed is due at once', async () => {
        await storeReconciledApp(stores, app, [
          { name: 'payments', spec },
          { name: 'web', spec },
        ]);
        const web = await claim('backend-a', 'web');
        const nextTickAt = new Date(Date.now() + 60_000).toISOString();
        await commit(web, ticked({ rollout: 'web', nextTickAt }));
        const [claimed] = await store.claimDueRollouts('backend-a', 5, 60_000);
        expect(claimed.lease.rollout).toBe('payments');

        await store.releaseRollouts('backend-a');
        // Another replica takes both at once: payments is due, web when asked.
        expect(
          (await store.claimDueRollouts('backend-b', 5, 60_000)).map(
            c => c.lease.rollout,
          ),
        ).toEqual(['payments']);
        expect(
          await store.claimRollout(app.key, 'web', 'backend-b', 1000),
        ).toMatchObject({ owner: 'backend-b', token: web.token + 1 });
        expect(time((await row('web')).next_tick_at)).toBe(
          Date.parse(nextTickAt),
        );
        expect(await row('web')).toMatchObject({ lease_owner: 'backend-b' });
      });
    });

    describe('hand-over from the reconcile', () => {
      it('stores the documents a rollout uses once handed over, and makes new rollouts due without moving known ones', async () => {
        await storeReconciledApp(
          stores,
          app,
          [
            { name: 'payments', spec },
            { name: 'broken', errors: ['spec.analysis: required'] },
          ],
          { handOver: false },
        );
        expect(await store.getStoredRollout(app.key, 'payments')).toEqual({
          appKey: app.key,
          rollout: 'payments',
          spec: JSON.stringify(spec),
          documents: undefined,
          app: JSON.stringify({ valid: true, ...app }),
        });
        expect(await store.getStoredRollout(app.key, 'broken')).toBeUndefined();
        expect(await store.getStoredRollout(app.key, 'gone')).toBeUndefined();
        expect(await row()).toBeUndefined();

        await store.registerRollouts(app.key, ['payments'], [template]);
        expect(await store.getStoredRollout(app.key, 'payments')).toMatchObject(
          { documents: JSON.stringify([template]) },
        );
        expect(time((await row()).next_tick_at)).toBeLessThanOrEqual(
          Date.now(),
        );

        const lease = await claim('backend-a');
        const state = ticked();
        await commit(lease, state);
        await store.registerRollouts(app.key, ['payments'], []);
        expect(await store.getRolloutState(app.key, 'payments')).toEqual(state);
        expect(await store.getStoredRollout(app.key, 'payments')).toMatchObject(
          { documents: '[]' },
        );
      });
    });
  },
);
