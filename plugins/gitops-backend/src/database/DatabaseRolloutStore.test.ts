import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import type { NewRolloutCheck, RolloutState } from './RolloutStore';
import { DatabaseGitopsStore } from './DatabaseGitopsStore';
import { DatabaseRolloutStore } from './DatabaseRolloutStore';
import {
  createTestDatabases,
  EVERY_ENGINE,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases(EVERY_ENGINE);

const app = {
  key: 'component:default/payments@dev',
  entityRef: 'component:default/payments',
  cluster: 'dev',
  syncStatus: 'Synced' as const,
  healthStatus: 'Healthy' as const,
};
const other = {
  ...app,
  key: 'component:default/payments@prod',
  cluster: 'prod',
};

const state = (overrides: Partial<RolloutState> = {}): RolloutState => ({
  appKey: app.key,
  rollout: 'payments',
  phase: 'Progressing',
  canaryWeight: 20,
  failedChecks: 1,
  iterations: 0,
  stepIndex: 2,
  lastAppliedSpec: '5f7c9d8b',
  lastPromotedSpec: '77b6c9f4',
  trackedConfigs: {
    'configmap/settings': 'a1b2c3d4e5f60718',
    'secret/db': '0011223344556677',
  },
  pause: {
    reason: 'pause step',
    startedAt: '2026-11-23T12:00:00.000Z',
    until: '2026-11-23T12:10:00.000Z',
  },
  requests: { promote: true, paused: false },
  preRolloutDone: true,
  mirrored: false,
  runId: 7,
  waitingSince: '2026-11-23T11:59:00.000Z',
  lastTransitionAt: '2026-11-23T11:58:00.000Z',
  lastTickAt: '2026-11-23T12:00:00.000Z',
  nextTickAt: '2026-11-23T12:01:00.000Z',
  message: 'Advance payments.payments canary weight 20',
  updatedAt: '2026-11-23T12:00:00.123Z',
  ...overrides,
});

const check = (runId: number, i: number): NewRolloutCheck => ({
  runId,
  kind: 'metric',
  name: `metric-${i}`,
  value: 99.5 + i / 100,
  min: 99,
  passed: true,
  canaryWeight: 10,
  durationMs: 12,
  at: '2026-11-23T12:00:00.000Z',
});

describe.each(databases.eachSupportedId())('DatabaseRolloutStore (%s)', id => {
  let knex: Knex;
  let gitops: DatabaseGitopsStore;
  let store: DatabaseRolloutStore;

  beforeAll(async () => {
    ({ knex, gitops, rollouts: store } = await databases.stores(id));
  });

  beforeEach(async () => {
    await gitops.upsertApp(app);
    await gitops.upsertApp(other);
  });

  afterEach(async () => {
    await knex('rollout_checks').delete();
    await knex('rollout_runs').delete();
    await knex('rollout_events').delete();
    await knex('rollout_states').delete();
    await knex('apps').delete();
  });

  describe('state', () => {
    it('stores every field, including the JSON ones, and replaces it', async () => {
      expect(await store.getRolloutState(app.key, 'payments')).toBeUndefined();
      await store.saveRolloutState(state());
      expect(await store.getRolloutState(app.key, 'payments')).toEqual(state());

      // Optional fields cleared on the next save read back as absent.
      const bare = state({
        phase: '',
        lastAppliedSpec: undefined,
        lastPromotedSpec: undefined,
        pause: undefined,
        runId: undefined,
        waitingSince: undefined,
        lastTickAt: undefined,
        nextTickAt: undefined,
        trackedConfigs: {},
        requests: {},
        preRolloutDone: false,
        mirrored: true,
      });
      await store.saveRolloutState(bare);
      const read = await store.getRolloutState(app.key, 'payments');
      expect(read).toEqual(bare);
      expect(
        Object.entries(read!)
          .filter(([, v]) => v === undefined || v === null)
          .map(([k]) => k)
          .sort(),
      ).toEqual([
        'lastAppliedSpec',
        'lastPromotedSpec',
        'lastTickAt',
        'nextTickAt',
        'pause',
        'runId',
        'waitingSince',
      ]);
    });

    it("lists every rollout's state or one app's, and deletes one", async () => {
      await store.saveRolloutState(state({ rollout: 'web' }));
      await store.saveRolloutState(state());
      await store.saveRolloutState(state({ appKey: other.key }));

      const all = await store.listRolloutStates();
      expect(all.map(s => [s.appKey, s.rollout])).toEqual([
        [app.key, 'payments'],
        [app.key, 'web'],
        [other.key, 'payments'],
      ]);
      expect(
        (await store.listRolloutStates(app.key)).map(s => s.rollout),
      ).toEqual(['payments', 'web']);

      await store.deleteRolloutState(app.key, 'web');
      expect(
        (await store.listRolloutStates(app.key)).map(s => s.rollout),
      ).toEqual(['payments']);
    });

    it('forgets the state of a removed app', async () => {
      await store.saveRolloutState(state());
      await gitops.removeStaleApps(app.entityRef, [other.key]);
      expect(await store.getRolloutState(app.key, 'payments')).toBeUndefined();
    });
  });

  describe('leases', () => {
    it('lets one owner hold a rollout until it expires or is handed back, with a new token for each new owner', async () => {
      const claim = (rollout: string, owner: string, ttlMs = 60_000) =>
        store.claimRollout(app.key, rollout, owner, ttlMs);
      const a = await claim('payments', 'backend-a');
      expect(a).toEqual({
        appKey: app.key,
        rollout: 'payments',
        owner: 'backend-a',
        token: 1,
      });
      expect(await claim('payments', 'backend-b')).toBeUndefined();
      // The holder renews, keeping its token.
      expect(await claim('payments', 'backend-a')).toEqual(a);
      // Other rollouts are independent.
      expect(await claim('web', 'backend-b')).toMatchObject({ token: 1 });

      // A lease-only row is no state, and no one else may save one meanwhile.
      expect(await store.getRolloutState(app.key, 'payments')).toBeUndefined();
      expect(await store.listRolloutStates(app.key)).toEqual([]);
      await expect(store.saveRolloutState(state())).rejects.toThrow(
        `Rollout payments of ${app.key} is held by backend-a: only its ticks write its state`,
      );

      // A zero ttl hands it back (as a stopping engine does).
      expect(await claim('payments', 'backend-a', 0)).toEqual(a);
      await store.saveRolloutState(state());
      expect(await claim('payments', 'backend-b')).toMatchObject({ token: 2 });
      expect(await claim('payments', 'backend-a')).toBeUndefined();
      expect(await store.getRolloutState(app.key, 'payments')).toEqual(state());
    });

    it('takes over a lease that expired', async () => {
      await store.claimRollout(app.key, 'payments', 'backend-a', 60_000);
      // The holder died an hour ago: its lease ran out.
      await knex('rollout_states')
        .where({ app_key: app.key, rollout: 'payments' })
        .update({ lease_expires_at: new Date(Date.now() - 3_600_000) });
      expect(
        await store.claimRollout(app.key, 'payments', 'backend-b', 60_000),
      ).toMatchObject({ owner: 'backend-b', token: 2 });
      expect(
        await store.claimRollout(app.key, 'payments', 'backend-a', 60_000),
      ).toBeUndefined();
    });

    it.each([
      ['no row yet', async () => undefined],
      [
        'an expired lease',
        () => store.claimRollout(app.key, 'payments', 'backend-gone', 0),
      ],
    ])(
      'gives a rollout with %s to exactly one of many backends claiming at once',
      async (_, before) => {
        await before();
        const owners = Array.from({ length: 8 }, (__, i) => `backend-${i}`);
        const won = await Promise.all(
          owners.map(o => store.claimRollout(app.key, 'payments', o, 60_000)),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
      },
    );

    it('refuses a lease for an app that does not exist', async () => {
      await expect(
        store.claimRollout(
          'component:default/gone@dev',
          'payments',
          'backend-a',
          60_000,
        ),
      ).rejects.toThrow();
    });
  });

  describe('runs and checks', () => {
    const run = (rollout: string, revision: string) => ({
      appKey: app.key,
      rollout,
      revision,
      commit: 'c0ffee0000000000000000000000000000000000',
      strategy: 'canary',
      result: 'Running' as const,
      startedAt: '2026-11-23T12:00:00.000Z',
    });

    it('records runs, finishes them and pages them newest first per rollout', async () => {
      const ids: number[] = [];
      for (const revision of ['r1', 'r2', 'r3'])
        ids.push(await store.addRolloutRun(run('payments', revision)));
      await store.addRolloutRun(run('web', 'w1'));
      await store.finishRolloutRun(ids[0], {
        result: 'Failed',
        message: 'Canary failed! Scaling down payments.payments',
        finishedAt: '2026-11-23T12:05:00.000Z',
      });

      expect(await store.getRolloutRun(ids[0])).toEqual({
        id: ids[0],
        ...run('payments', 'r1'),
        result: 'Failed',
        message: 'Canary failed! Scaling down payments.payments',
        finishedAt: '2026-11-23T12:05:00.000Z',
      });
      expect(await store.getRolloutRun(ids[2])).toEqual({
        id: ids[2],
        ...run('payments', 'r3'),
      });
      expect(await store.getRolloutRun(ids[2] + 1000)).toBeUndefined();

      const first = await store.listRolloutRuns(app.key, 'payments', {
        offset: 0,
        limit: 2,
      });
      expect(first.totalCount).toBe(3);
      expect(first.items.map(r => r.revision)).toEqual(['r3', 'r2']);
      const second = await store.listRolloutRuns(app.key, 'payments', {
        offset: 2,
        limit: 2,
      });
      expect(second).toEqual({
        totalCount: 3,
        items: [expect.objectContaining({ revision: 'r1', result: 'Failed' })],
      });
      expect(
        (
          await store.listRolloutRuns(other.key, 'payments', {
            offset: 0,
            limit: 2,
          })
        ).totalCount,
      ).toBe(0);

      await expect(
        store.finishRolloutRun(ids[2] + 1000, {
          result: 'Succeeded',
          finishedAt: '2026-11-23T12:05:00.000Z',
        }),
      ).rejects.toThrow(NotFoundError);
    });

    it('stores a run’s checks in order, metrics and webhooks alike, and drops them with the run', async () => {
      const runId = await store.addRolloutRun(run('payments', 'r1'));
      const otherRun = await store.addRolloutRun(run('payments', 'r2'));
      const hook: NewRolloutCheck = {
        runId,
        kind: 'webhook',
        name: 'load-test',
        hookType: 'pre-rollout',
        status: 500,
        passed: false,
        message:
          'Halt payments.payments advancement external check load-test failed: boom',
        canaryWeight: 0,
        durationMs: 40,
        at: '2026-11-23T12:01:00.000Z',
      };
      // More rows than one insert batch holds.
      const metrics = Array.from({ length: 120 }, (_, i) => check(runId, i));
      await store.addRolloutChecks([hook, ...metrics]);
      await store.addRolloutChecks([check(otherRun, 0)]);
      await store.addRolloutChecks([]);

      const checks = await store.listRolloutChecks(runId);
      expect(checks).toHaveLength(121);
      expect(checks[0]).toEqual({ id: expect.any(Number), ...hook });
      expect(checks[1]).toEqual({ id: expect.any(Number), ...check(runId, 0) });
      expect(checks.map(c => c.name).slice(1)).toEqual(
        metrics.map(m => m.name),
      );
      expect(checks[120].value).toBeCloseTo(100.69);

      await knex('rollout_runs').where('id', runId).delete();
      expect(await store.listRolloutChecks(runId)).toEqual([]);
      expect(await store.listRolloutChecks(otherRun)).toHaveLength(1);
    });
  });

  describe('events', () => {
    const event = (message: string, runId?: number, rollout = 'payments') => ({
      appKey: app.key,
      rollout,
      runId,
      type: 'Normal' as const,
      message,
      phase: 'Progressing' as const,
      canaryWeight: 10,
      at: '2026-11-23T12:00:00.000Z',
    });

    it('lists events oldest first, the newest few, or one run’s', async () => {
      await store.addRolloutEvent(
        event('Initialization done! payments.payments'),
      );
      for (let i = 1; i <= 5; i++)
        await store.addRolloutEvent(
          event(`Advance payments.payments canary weight ${i * 10}`, 1),
        );
      await store.addRolloutEvent(
        event('New revision detected! Scaling up payments.payments', 2),
      );
      await store.addRolloutEvent(
        event('Initialization done! web.payments', undefined, 'web'),
      );

      const all = await store.listRolloutEvents(app.key, 'payments');
      expect(all).toHaveLength(7);
      expect(all[0]).toEqual({
        id: expect.any(Number),
        type: 'Normal',
        message: 'Initialization done! payments.payments',
        phase: 'Progressing',
        canaryWeight: 10,
        at: '2026-11-23T12:00:00.000Z',
      });
      expect(all[0].runId).toBeUndefined();

      const newest = await store.listRolloutEvents(app.key, 'payments', {
        limit: 3,
      });
      expect(newest.map(e => e.message)).toEqual([
        'Advance payments.payments canary weight 40',
        'Advance payments.payments canary weight 50',
        'New revision detected! Scaling up payments.payments',
      ]);

      const ofRun = await store.listRolloutEvents(app.key, 'payments', {
        runId: 1,
        limit: 2,
      });
      expect(ofRun.map(e => [e.runId, e.message])).toEqual([
        [1, 'Advance payments.payments canary weight 40'],
        [1, 'Advance payments.payments canary weight 50'],
      ]);
      expect(
        await store.listRolloutEvents(app.key, 'payments', { runId: 1 }),
      ).toHaveLength(5);
      expect(await store.listRolloutEvents(other.key, 'payments')).toEqual([]);
    });
  });
});
