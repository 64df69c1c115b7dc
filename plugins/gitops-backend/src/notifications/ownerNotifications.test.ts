import { mockServices } from '@backstage/backend-test-utils';
import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import knexFactory, { type Knex } from 'knex';
import { appSpec, storeReconciledApp } from '../__testUtils__/reconciledApp';
import {
  createTestDatabases,
  EVERY_ENGINE,
  type TestStores,
} from '../__testUtils__/testDatabases';
import { FakeAnalysis } from '../rollout/engine/__testUtils__/FakeAnalysis';
import { FakeRouter } from '../rollout/engine/__testUtils__/FakeRouter';
import { FakeWorkloads } from '../rollout/engine/__testUtils__/FakeWorkloads';
import { canarySpec, hook } from '../rollout/engine/__testUtils__/rolloutSpecs';
import { RolloutEngine } from '../rollout/engine/RolloutEngine';
import type { RolloutState } from '../rollout/engine/types';
import type { RolloutSpec } from '../rollout/spec';
import {
  ownedEntities,
  replicaNotifier,
  startNotificationsBackend,
} from './__testUtils__/notificationsBackend';
import type { DeliveryEvent } from './DeliveryEvents';
import type { OwnerNotifier } from './OwnerNotifier';

jest.setTimeout(120_000);

// Slipway's notifier against Backstage's real notifications backend (its
// REST API, recipient resolution through the catalog, its database) and a
// real database of each engine Slipway supports, with one notifier per
// backend replica over that database. The rollout engine runs on fakes of
// the cluster, the metrics and the webhooks.

const databases = createTestDatabases(EVERY_ENGINE);
const SUFFIXES = ['sync', 'race', 'outage', 'canary', 'promo', 'gate', 'quiet'];
const ROLLOUT = 'podinfo';

describe('owner notifications, once per event', () => {
  let backend: Awaited<ReturnType<typeof startNotificationsBackend>>;

  beforeAll(async () => {
    backend = await startNotificationsBackend(
      ownedEntities(
        ...SUFFIXES.flatMap(s =>
          EVERY_ENGINE.map(e => `${s}-${e.toLowerCase()}`),
        ),
      ),
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  /** The user's notifications about one app (`payments-<suffix>`). */
  const inboxOf = async (user: string, suffix: string) =>
    (await backend.inbox(user)).filter(n =>
      n.payload.link?.includes(`/payments-${suffix}/`),
    );

  describe.each(databases.eachSupportedId())('on %s', id => {
    let stores: TestStores;
    /** A second connection to the same database, as another replica has. */
    let other: Knex;
    const notifiers: OwnerNotifier[] = [];
    const engines: RolloutEngine[] = [];
    /**
     * Titles of the notifications sent to the backend, by every replica.
     * Counted besides the inbox: the backend folds a resend with the same
     * scope into the notification it has, which would hide a second send.
     */
    let sent: string[] = [];
    const counting = {
      send: (options: Parameters<NotificationService['send']>[0]) => {
        sent.push(options.payload.title);
        return backend.notifications.send(options);
      },
    };
    // Each engine's run gets apps of its own: the notifications backend is shared.
    const app = (suffix: string) => appSpec(`${suffix}-${id.toLowerCase()}`);
    const suffixOf = (suffix: string) => `${suffix}-${id.toLowerCase()}`;

    beforeAll(async () => {
      stores = await databases.stores(id);
      other = id.startsWith('POSTGRES')
        ? knexFactory(stores.knex.client.config)
        : stores.knex;
    });

    afterAll(async () => {
      if (other !== stores.knex) await other.destroy();
    });

    beforeEach(() => {
      sent = [];
    });

    afterEach(async () => {
      await Promise.all(engines.splice(0).map(e => e.stop()));
      await Promise.all(notifiers.splice(0).map(n => n.settled()));
    });

    function replica(
      db: Knex,
      slipway?: Record<string, unknown>,
      notifications: NotificationService = counting,
    ) {
      const { notifier } = replicaNotifier(db, notifications, slipway);
      notifiers.push(notifier);
      return notifier;
    }

    const syncFailed = (
      suffix: string,
      revision: string,
      runId: number,
    ): DeliveryEvent => ({
      kind: 'syncFailed',
      appKey: app(suffix).key,
      revision,
      runId,
      message: 'Deployment/web: admission webhook denied the request',
    });

    it('sends one notification for a sync failing on every reconcile, and one again once a new commit fails', async () => {
      const notifier = replica(stores.knex);
      // Self-heal retries the same commit on each reconcile: one event.
      for (let run = 1; run <= 4; run++)
        await notifier.happened(syncFailed('sync', 'a'.repeat(40), run));
      await notifier.settled();

      const [alice, bob, carol] = await Promise.all(
        ['user:default/alice', 'user:default/bob', 'user:default/carol'].map(
          u => inboxOf(u, suffixOf('sync')),
        ),
      );
      expect(sent).toHaveLength(1);
      expect(alice).toHaveLength(1);
      expect(bob).toHaveLength(1);
      expect(carol).toHaveLength(0);
      expect(alice[0]).toMatchObject({
        origin: 'plugin:gitops',
        user: 'user:default/alice',
        payload: {
          title: `Sync of payments-${suffixOf('sync')} on dev failed`,
          description:
            'Revision aaaaaaaaaaaa: Deployment/web: admission webhook denied the request',
          link: `/catalog/default/component/payments-${suffixOf(
            'sync',
          )}/history`,
          severity: 'high',
          topic: 'Sync failed',
        },
      });

      // A new commit failing is news.
      await notifier.happened(syncFailed('sync', 'b'.repeat(40), 5));
      await notifier.settled();
      expect(sent).toHaveLength(2);
      expect(
        await inboxOf('user:default/alice', suffixOf('sync')),
      ).toHaveLength(2);
    });

    it('sends one notification when two replicas record the same failure at once', async () => {
      const a = replica(stores.knex);
      const b = replica(other);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? a : b).happened(syncFailed('race', 'c'.repeat(40), i)),
        ),
      );
      await Promise.all([a.settled(), b.settled()]);
      expect(sent).toHaveLength(1);
      expect(
        await inboxOf('user:default/alice', suffixOf('race')),
      ).toHaveLength(1);
      const rows = await stores
        .knex('notification_events')
        .where('app_key', app('race').key);
      expect(rows).toHaveLength(1);
      expect(rows[0].delivered_at).not.toBeNull();
    });

    it('delivers an event once after the notifications backend was away, from the outbox', async () => {
      let away = true;
      const flaky = {
        send: (options: Parameters<NotificationService['send']>[0]) =>
          away
            ? Promise.reject(new Error('connect ECONNREFUSED'))
            : counting.send(options),
      };
      const notifier = replica(stores.knex, {}, flaky);
      await notifier.happened(syncFailed('outage', 'd'.repeat(40), 1));
      await notifier.settled();
      expect(
        await inboxOf('user:default/alice', suffixOf('outage')),
      ).toHaveLength(0);

      // The retry waits for its backoff; make it due now.
      await stores
        .knex('notification_events')
        .where('app_key', app('outage').key)
        .update({ claimed_until: new Date(Date.now() - 1) });
      away = false;
      // Two replicas' sweeps: only one claims the row.
      const other2 = replica(other);
      const delivered = await Promise.all([
        notifier.deliverPending(),
        other2.deliverPending(),
      ]);
      expect(delivered[0] + delivered[1]).toBe(1);
      expect(await notifier.deliverPending()).toBe(0);
      expect(sent).toHaveLength(1);
      expect(
        await inboxOf('user:default/alice', suffixOf('outage')),
      ).toHaveLength(1);
    });

    it('sends nothing for an event switched off or below minSeverity', async () => {
      const notifier = replica(stores.knex, {
        minSeverity: 'normal',
        events: { degraded: { enabled: false } },
      });
      await notifier.happened({
        kind: 'degraded',
        appKey: app('quiet').key,
        revision: 'e'.repeat(40),
      });
      await notifier.happened({
        kind: 'rolloutSucceeded',
        appKey: app('quiet').key,
        rollout: ROLLOUT,
        runId: 7,
      });
      await notifier.happened({
        kind: 'rolloutFailed',
        appKey: app('quiet').key,
        rollout: ROLLOUT,
        runId: 8,
      });
      await notifier.settled();
      const inbox = await inboxOf('user:default/alice', suffixOf('quiet'));
      expect(inbox.map(n => n.payload.topic)).toEqual(['Rollout failed']);
    });

    describe('from the rollout engine', () => {
      let world: {
        workloads: FakeWorkloads;
        router: FakeRouter;
        analysis: FakeAnalysis;
      };

      beforeEach(() => {
        world = {
          workloads: new FakeWorkloads(),
          router: new FakeRouter(),
          analysis: new FakeAnalysis(),
        };
      });

      /** One replica: its engine and notifier over the shared database. */
      function engineReplica(owner: string, db: Knex) {
        const engine = new RolloutEngine(
          {
            store: stores.rollouts,
            workloads: world.workloads,
            routers: () => world.router,
            analysis: world.analysis,
            clusterOf: () => ({ name: 'dev' } as RolloutCluster),
            commitOf: async () => 'c0ffee',
            logger: mockServices.logger.mock(),
            events: replica(db),
          },
          { owner, pollIntervalMs: 50, leaseMs: 60_000 },
        );
        engines.push(engine);
        return engine;
      }

      const state = async (key: string) =>
        (await stores.rollouts.getRolloutState(key, ROLLOUT)) as
          | RolloutState
          | undefined;

      /**
       * Ticks by hand until `done`, then `extra` ticks more; on each tick the
       * lease is taken from the last replica and the next one ticks.
       */
      async function tickUntil(
        key: string,
        replicas: RolloutEngine[],
        done: (s: RolloutState) => boolean,
        extra = 3,
      ) {
        let more = extra;
        for (let i = 0; i < 40; i++) {
          const current = await state(key);
          if (current && done(current) && more-- <= 0) return current;
          await stores
            .knex('rollout_states')
            .where({ app_key: key, rollout: ROLLOUT })
            .update({ lease_expires_at: new Date(Date.now() - 1) });
          await replicas[i % replicas.length].tickNow(key, ROLLOUT);
        }
        throw new Error(
          `rollout ${key} did not get there: ${JSON.stringify(
            await state(key),
          )}`,
        );
      }

      async function started(suffix: string, spec: RolloutSpec) {
        const spec_ = app(suffix);
        await storeReconciledApp(stores, spec_, [{ name: ROLLOUT, spec }]);
        const replicas = [
          engineReplica('replica-a', stores.knex),
          engineReplica('replica-b', other),
        ];
        await tickUntil(spec_.key, replicas, s => s.phase === 'Initialized', 0);
        world.workloads.deploy('h1');
        return { key: spec_.key, replicas };
      }

      const settledInbox = async (suffix: string) => {
        await Promise.all(notifiers.map(n => n.settled()));
        return inboxOf('user:default/alice', suffixOf(suffix));
      };

      it('sends one notification for a failed canary, ticked by two replicas in turn', async () => {
        const { key, replicas } = await started('canary', canarySpec());
        world.analysis.scriptMetrics('fail', 'fail', 'fail', 'fail');
        const failed = await tickUntil(
          key,
          replicas,
          s => s.phase === 'Failed',
        );

        const inbox = await settledInbox('canary');
        expect(sent).toHaveLength(1);
        expect(inbox).toHaveLength(1);
        expect(inbox[0].payload).toMatchObject({
          title: `Rollout podinfo of payments-${suffixOf(
            'canary',
          )} on dev failed`,
          link: `/catalog/default/component/payments-${suffixOf(
            'canary',
          )}/canary`,
          severity: 'high',
          topic: 'Rollout failed',
        });
        expect(inbox[0].payload.description).toContain(`Run ${failed.runId}`);
      });

      it('sends one notification for a promotion', async () => {
        const { key, replicas } = await started('promo', canarySpec());
        await tickUntil(key, replicas, s => s.phase === 'Succeeded');

        const inbox = await settledInbox('promo');
        expect(sent).toHaveLength(1);
        expect(inbox.map(n => n.payload)).toEqual([
          expect.objectContaining({
            title: `Rollout podinfo of payments-${suffixOf(
              'promo',
            )} on dev was promoted`,
            severity: 'low',
            topic: 'Rollout promoted',
          }),
        ]);
      });

      it('sends one notification when a rollout waits at a closed promotion gate, then one when it is promoted', async () => {
        const { key, replicas } = await started(
          'gate',
          canarySpec({ webhooks: [hook('confirm-promotion', 'approve')] }),
        );
        world.analysis.answer('approve', 403);
        await tickUntil(key, replicas, s => s.phase === 'WaitingPromotion');
        const waiting = await settledInbox('gate');
        expect(sent).toHaveLength(1);
        expect(waiting.map(n => n.payload)).toEqual([
          expect.objectContaining({
            title: `Rollout podinfo of payments-${suffixOf(
              'gate',
            )} on dev is waiting for promotion approval`,
            severity: 'normal',
            topic: 'Rollout waiting for promotion',
          }),
        ]);

        world.analysis.answer('approve', 200);
        await tickUntil(key, replicas, s => s.phase === 'Succeeded');
        const after = await settledInbox('gate');
        expect(sent).toHaveLength(2);
        expect(after.map(n => n.payload.topic).sort()).toEqual([
          'Rollout promoted',
          'Rollout waiting for promotion',
        ]);
      });
    });
  });
});
