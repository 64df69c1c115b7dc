import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DatabaseGitopsStore } from '../../database/DatabaseGitopsStore';
import { AppReconciler } from '../AppReconciler';
import { SyncEngine } from './SyncEngine';
import { testSyncEngine } from './__testUtils__/testSyncEngine';

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
    const stores = await databases.stores();
    store = stores.gitops;
    const catalog = {
      getEntities: async () => ({ items: entities }),
    } as unknown as CatalogService;
    // The catalog's apps have rows before any reconcile; this one only
    // records that it ran, no cluster needed.
    const reconciler = {
      reconcile: async () => ({ synced: false, ok: true, rollouts: [] }),
    } as unknown as AppReconciler;
    engine = testSyncEngine(stores, { catalog, reconciler });
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
    expect((await store.listApps()).map(a => a.key)).toEqual([
      'component:default/a@dev',
    ]);
    expect(await engine.getApp('component:default/b@dev')).toBeUndefined();
  });

  it('keeps every app when the catalog answers with nothing, as a starting catalog does', async () => {
    await store.updateAppState('component:default/a@dev', {
      pinnedRevision: 'a'.repeat(40),
    });
    entities = [];
    await engine.refreshCatalog();
    expect((await store.listApps()).map(a => a.key)).toEqual([
      'component:default/a@dev',
    ]);
    expect(
      (await store.getAppState('component:default/a@dev')).pinnedRevision,
    ).toBe('a'.repeat(40));
    expect(await engine.getApp('component:default/a@dev')).toBeDefined();
  });
});
