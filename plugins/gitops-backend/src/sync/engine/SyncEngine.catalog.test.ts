import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DatabaseGitopsStore } from '../../database/DatabaseGitopsStore';
import { AppReconciler } from '../AppReconciler';
import { SyncEngine } from './SyncEngine';
import { testProjectSettings } from '../../__testUtils__/testProject';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'slipway.dev/repo': 'https://git.example.test/gitops.git',
      'slipway.dev/clusters': 'dev',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('SyncEngine following the catalog', () => {
  const databases = createTestDatabases();
  let entities: Entity[] = [];
  let store: DatabaseGitopsStore;
  let engine: SyncEngine;

  beforeAll(async () => {
    ({ gitops: store } = await databases.stores());
    const catalog = {
      getEntities: async () => ({ items: entities }),
    } as unknown as CatalogService;
    // Records the app as the real reconciler's first step does, no cluster needed.
    const reconciler = {
      reconcile: async (app: { key: string; entityRef: string; cluster: string }) => {
        await store.upsertApp({ ...app, syncStatus: 'Unknown', healthStatus: 'Unknown' });
        return { synced: false, ok: true, rollouts: [] };
      },
    } as unknown as AppReconciler;
    engine = new SyncEngine(
      { store, catalog, auth: mockServices.auth(), reconciler, logger: mockServices.logger.mock(), projects: testProjectSettings('group:default/team-a') },
      { intervalMs: 3_600_000, jitterMs: 0, catalogRefreshMs: 3_600_000, concurrency: 2 },
    );
  });

  afterAll(() => engine.stop());

  it('adds apps of new entities and removes those of entities that left', async () => {
    entities = [entity('a'), entity('b')];
    await engine.refreshCatalog();
    await engine.reconcile('component:default/a@dev');
    await engine.reconcile('component:default/b@dev');
    expect((await store.listApps()).map(a => a.key)).toEqual([
      'component:default/a@dev',
      'component:default/b@dev',
    ]);

    entities = [entity('a')];
    await engine.refreshCatalog();
    expect((await store.listApps()).map(a => a.key)).toEqual(['component:default/a@dev']);
    expect(engine.getApp('component:default/b@dev')).toBeUndefined();
  });

  it('keeps every app when the catalog answers with nothing, as a starting catalog does', async () => {
    await store.updateAppState('component:default/a@dev', { pinnedRevision: 'a'.repeat(40) });
    entities = [];
    await engine.refreshCatalog();
    expect((await store.listApps()).map(a => a.key)).toEqual(['component:default/a@dev']);
    expect((await store.getAppState('component:default/a@dev')).pinnedRevision).toBe('a'.repeat(40));
    expect(engine.getApp('component:default/a@dev')).toBeDefined();
  });
});
