import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { waitUntil } from '@internal/test-env';
import type { ParsedApp } from '../../catalog/AppSpec';
import {
  createTestDatabases,
  EVERY_ENGINE,
  TestStores,
} from '../../__testUtils__/testDatabases';
import type {
  AppReconciler,
  ReconcileContext,
  SyncRequest,
} from '../AppReconciler';
import { SyncEngine } from './SyncEngine';
import { testSyncEngine } from './__testUtils__/testSyncEngine';

jest.setTimeout(120_000);

const REPO = 'https://git.example.test/fleet.git';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'slipway.dev/repo': REPO,
      'slipway.dev/clusters': 'dev',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

/**
 * Stands in for the reconcile of each replica: records which replica
 * reconciled which app, notices two replicas on one app at once, and writes
 * the app's status through the store it is given (fenced by the lease).
 */
class RecordingReconciler {
  readonly reconciles: Array<{
    replica: string;
    key: string;
    request?: SyncRequest;
  }> = [];
  readonly #inProgress = new Set<string>();
  overlaps = 0;

  forReplica(replica: string, store: TestStores['gitops']): AppReconciler {
    return {
      reconcile: async (
        app: ParsedApp,
        request: SyncRequest | undefined,
        context: ReconcileContext = {},
      ) => {
        if (this.#inProgress.has(app.key)) this.overlaps++;
        this.#inProgress.add(app.key);
        try {
          // Let the other replica's claims interleave with this one.
          await new Promise(resolve => setImmediate(resolve));
          await (context.store ?? store).upsertApp({
            key: app.key,
            entityRef: app.entityRef,
            cluster: app.cluster,
            syncStatus: 'Synced',
            healthStatus: 'Healthy',
            message: `reconciled by ${replica}`,
          });
          this.reconciles.push({ replica, key: app.key, request });
          return { synced: Boolean(request), ok: true, rollouts: [] };
        } finally {
          this.#inProgress.delete(app.key);
        }
      },
    } as unknown as AppReconciler;
  }

  countOf(key: string) {
    return this.reconciles.filter(r => r.key === key).length;
  }
}

const databases = createTestDatabases(EVERY_ENGINE);

describe.each(databases.eachSupportedId())(
  'sync engine replicas on one database (%s)',
  id => {
    const names = Array.from({ length: 24 }, (_, i) => `svc-${i}`);
    const keys = names.map(n => `component:default/${n}@dev`);
    const catalog = {
      getEntities: async () => ({ items: names.map(entity) }),
    } as unknown as CatalogService;
    let stores: TestStores;
    let reconciler: RecordingReconciler;
    const replicas: SyncEngine[] = [];

    const startReplica = async (name: string, leaseMs = 30_000) => {
      const replica = testSyncEngine(
        stores,
        { catalog, reconciler: reconciler.forReplica(name, stores.gitops) },
        { owner: name, leaseMs, concurrency: 4, claimIntervalMs: 50 },
      );
      replicas.push(replica);
      await replica.start();
      return replica;
    };

    beforeEach(async () => {
      stores = await databases.stores(id);
      reconciler = new RecordingReconciler();
    });

    afterEach(async () => {
      await Promise.all(replicas.splice(0).map(r => r.stop()));
    });

    it('reconciles each app once per due time, never on two replicas at once', async () => {
      const [, b] = await Promise.all([
        startReplica('replica-a'),
        startReplica('replica-b'),
        startReplica('replica-c'),
      ]);
      await waitUntil(async () => reconciler.reconciles.length, {
        description: 'every app to be reconciled once',
        timeoutMs: 60_000,
        until: count => count >= keys.length,
      });
      await Promise.all(replicas.map(r => r.idle()));
      expect(keys.map(k => reconciler.countOf(k))).toEqual(keys.map(() => 1));
      // The work really was shared.
      expect(
        new Set(reconciler.reconciles.map(r => r.replica)).size,
      ).toBeGreaterThan(1);

      // A push received by one replica: every app is due again, at once, once.
      expect((await b.refreshRepo(REPO)).sort()).toEqual([...keys].sort());
      await waitUntil(async () => reconciler.reconciles.length, {
        description: 'every app to be reconciled after the push',
        timeoutMs: 60_000,
        until: count => count >= 2 * keys.length,
      });
      await Promise.all(replicas.map(r => r.idle()));
      expect(keys.map(k => reconciler.countOf(k))).toEqual(keys.map(() => 2));
      expect(reconciler.overlaps).toBe(0);
    });

    it("takes over a killed replica's app within one lease period and ends its run as Interrupted", async () => {
      await startReplica('replica-b', 300);
      await waitUntil(async () => reconciler.countOf(keys[0]), {
        description: 'the first reconcile',
        timeoutMs: 30_000,
        until: count => count >= 1,
      });
      await replicas[0].idle();
      // replica-a claims the app, starts a sync, and is killed: it never
      // renews, releases or finishes anything again.
      await stores.leases.makeDue({ keys: [keys[0]] });
      const killed = await waitUntil(
        () => stores.leases.claim(keys[0], 'replica-a', 300),
        {
          description: 'replica-a to claim the app',
          timeoutMs: 10_000,
          until: Boolean,
        },
      );
      const runId = await stores.gitops.withLease(killed!.lease).addRun({
        appKey: keys[0],
        trigger: 'auto',
        result: 'Running',
        startedAt: new Date().toISOString(),
      });
      const before = reconciler.countOf(keys[0]);

      await waitUntil(() => stores.gitops.getRun(runId), {
        description: "replica-a's run to be interrupted",
        timeoutMs: 30_000,
        until: run => run?.result === 'Interrupted',
      });
      await waitUntil(async () => reconciler.countOf(keys[0]), {
        description: 'replica-b to reconcile the app again',
        timeoutMs: 30_000,
        until: count => count > before,
      });
      expect(await stores.gitops.getRun(runId)).toMatchObject({
        result: 'Interrupted',
        message:
          'Interrupted: backend replica-a stopped before the sync finished',
      });
      expect(reconciler.reconciles.at(-1)).toMatchObject({
        replica: 'replica-b',
        key: keys[0],
      });
      // replica-a wakes up from its pause: its writes are refused.
      await expect(
        stores.gitops.withLease(killed!.lease).upsertApp({
          key: keys[0],
          entityRef: 'component:default/svc-0',
          cluster: 'dev',
          syncStatus: 'OutOfSync',
          healthStatus: 'Degraded',
        }),
      ).rejects.toThrow('moved to another backend');
      expect((await stores.gitops.getApp(keys[0]))?.message).toBe(
        'reconciled by replica-b',
      );
    });

    it('runs an operation recorded on one replica on whichever holds the app, once', async () => {
      await Promise.all([startReplica('replica-a'), startReplica('replica-b')]);
      await waitUntil(async () => reconciler.reconciles.length, {
        description: 'every app to be reconciled once',
        timeoutMs: 60_000,
        until: count => count >= keys.length,
      });
      const requested = () =>
        stores.operations.request({
          appKey: keys[3],
          action: 'sync',
          request: { prune: true },
          initiator: 'user:default/ann',
        });
      const first = await requested();
      const retried = await requested();
      expect(retried.operation.id).toBe(first.operation.id);
      await replicas[1].makeDue(keys[3]);
      const done = await waitUntil(
        () => stores.operations.get(first.operation.id),
        {
          description: 'the operation to finish',
          timeoutMs: 30_000,
          until: op => op?.status === 'Succeeded',
        },
      );
      expect(done?.startedAt).toBeDefined();
      expect(
        reconciler.reconciles.filter(r => r.key === keys[3] && r.request),
      ).toEqual([
        expect.objectContaining({
          request: {
            trigger: 'manual',
            initiator: 'user:default/ann',
            prune: true,
          },
        }),
      ]);
    });
  },
);
