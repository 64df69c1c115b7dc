import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { KubernetesObject, RepoCache } from '@slipway/plugin-gitops-node';
import { AppSpec } from '../catalog/AppSpec';
import { DatabaseGitopsStore } from '../database/DatabaseGitopsStore';
import { FakeClusterApi } from '../kube/__testUtils__/FakeClusterApi';
import { withOwnershipMarker } from '../kube/ownership';
import { testProject } from '../__testUtils__/testProject';
import { AppReconciler, SyncRequest } from './AppReconciler';
import {
  APP,
  configMap,
  deployment,
  hook,
  job,
  JOB_COMPLETE,
  namespace,
  NS,
  prepare,
  wave,
} from './apply/__testUtils__/syncFixtures';

const DEPLOYER = 'system:serviceaccount:shop:deployer';

/**
 * How a reconcile drives compare, apply and prune, against an in-memory
 * cluster: the order of its writes, and what it never writes. The real
 * cluster's side of the same story is in AppReconciler.test.ts.
 */
describe('AppReconciler writes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let store: DatabaseGitopsStore;
  let cluster: FakeClusterApi;
  let reconciler: AppReconciler;
  /** What the app's source renders, and the commit it renders at. */
  let rendered: KubernetesObject[];
  let commit = 0;

  const spec: AppSpec = {
    key: APP,
    entityRef: APP.split('@')[0],
    cluster: 'fake',
    repoUrl: 'https://git.example/shop.git',
    path: 'deploy',
    namespace: NS,
    syncPolicy: 'manual',
    prune: false,
    selfHeal: false,
    project: testProject({
      destinations: [
        { cluster: '*', namespaces: ['*'], serviceAccount: 'shop/deployer' },
      ],
    }),
  };
  const render = (objects: KubernetesObject[]) => {
    rendered = objects;
    commit++;
  };
  const sync = (request: Partial<SyncRequest> = {}) =>
    reconciler.reconcile(
      { valid: true, ...spec },
      { trigger: 'manual', ...request },
    );

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    store = await DatabaseGitopsStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
  });

  beforeEach(async () => {
    await store.upsertApp({
      key: APP,
      entityRef: spec.entityRef,
      cluster: spec.cluster,
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
    });
    await store.updateAppState(APP, { inventory: [] });
    cluster = new FakeClusterApi().script('Job shop/migrate', {
      statuses: [JOB_COMPLETE],
    });
    const sha = () => commit.toString(16).padStart(40, '0');
    const repo = {
      displayUrl: spec.repoUrl,
      sync: async () => ({ sha: sha() }),
      commitMetadata: async () => ({
        sha: sha(),
        author: { name: 'Ada', email: 'ada@example.com' },
        date: '2025-01-01T00:00:00Z',
        message: `Commit ${commit}`,
      }),
      readTree: async () => ({
        list: async () => ['all.yaml'],
        read: async () => Buffer.from(''),
      }),
    };
    reconciler = new AppReconciler({
      store,
      repos: { repo: () => repo } as unknown as RepoCache,
      clusters: { get: () => cluster },
      renderers: [
        { name: 'fixed', detect: () => true, render: async () => rendered },
      ],
      logger: mockServices.logger.mock(),
    });
  });

  it('dry-runs every object before its first write, then writes in apply order, as the destination ServiceAccount', async () => {
    render([
      deployment('web'),
      job('migrate', hook('PreSync')),
      configMap('settings', wave(-1)),
      namespace('shop'),
    ]);

    const result = await sync();

    expect(result.ok).toBe(true);
    const calls = cluster.log('dryRun', 'apply');
    const firstWrite = calls.findIndex(c => c.startsWith('apply '));
    expect(calls.slice(0, firstWrite).sort()).toEqual([
      'dryRun ConfigMap shop/settings',
      'dryRun Deployment shop/web',
      'dryRun Namespace shop',
    ]);
    expect(cluster.writes()).toEqual([
      'apply Job shop/migrate',
      'apply Namespace shop',
      'apply ConfigMap shop/settings',
      'apply Deployment shop/web',
    ]);
    expect(
      cluster.calls
        .filter(c => c.op === 'apply' || c.op === 'dryRun')
        .map(c => c.as),
    ).toEqual(calls.map(() => DEPLOYER));
    const history = await store.listRunResources(result.runId!);
    expect(history.map(r => `${r.result} ${r.kind} ${r.name}`).sort()).toEqual([
      'Created ConfigMap settings',
      'Created Deployment web',
      'Created Job migrate',
      'Created Namespace shop',
    ]);
  });

  it('writes nothing on a dry run, records what would change, and leaves the inventory alone', async () => {
    await cluster.apply(
      (
        await prepare(cluster, [configMap('same')])
      )[0].object,
    );
    cluster.clearCalls();
    render([
      configMap('same'),
      configMap('new'),
      job('migrate', hook('PreSync')),
    ]);

    const result = await sync({ dryRun: true, prune: true });

    expect(cluster.writes()).toEqual([]);
    expect(cluster.log('delete')).toEqual([]);
    const planned = await store.listRunResources(result.runId!);
    expect(planned.map(r => `${r.result} ${r.name}`).sort()).toEqual([
      'Created new',
      'Unchanged same',
    ]);
    expect(await store.getRun(result.runId!)).toMatchObject({
      dryRun: true,
      result: 'Succeeded',
      message: 'Dry run: 1 objects would change',
    });
    expect((await store.getAppState(APP)).inventory).toEqual([]);
  });

  it('refuses the whole sync when another app owns one of its objects: no apply, no hook, no prune', async () => {
    const [theirs] = await prepare(cluster, [configMap('shared')]);
    cluster.seed(
      withOwnershipMarker('component:default/other@fake', theirs.object),
    );
    const mine = await prepare(cluster, [configMap('stale')]);
    cluster.seed(mine[0].object);
    await store.updateAppState(APP, { inventory: [mine[0].id] });
    cluster.clearCalls();
    render([
      job('migrate', hook('PreSync')),
      configMap('own'),
      configMap('shared'),
    ]);

    const result = await sync({ prune: true });

    expect(result.ok).toBe(false);
    expect((await store.getApp(APP))?.message).toBe(
      "Ownership conflict, nothing applied: ConfigMap shop/shared is owned by app 'component:default/other@fake'",
    );
    expect(cluster.writes()).toEqual([]);
  });

  it('prunes on a later sync what left Git, from the inventory the sync before stored', async () => {
    render([configMap('a'), configMap('b'), deployment('web')]);
    expect((await sync()).ok).toBe(true);
    render([configMap('a')]);
    cluster.clearCalls();

    expect((await sync()).ok).toBe(true);
    expect(cluster.writes()).toEqual([]);
    expect((await store.getAppState(APP)).inventory).toHaveLength(3);

    expect((await sync({ prune: true })).ok).toBe(true);
    expect(cluster.writes()).toEqual([
      'delete Deployment shop/web',
      'delete ConfigMap shop/b',
    ]);
    expect((await store.getAppState(APP)).inventory).toEqual([
      '/ConfigMap/shop/a',
    ]);
  });
});
