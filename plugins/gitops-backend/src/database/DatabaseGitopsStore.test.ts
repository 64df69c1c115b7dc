import {
  createTestDatabases,
  EVERY_ENGINE,
} from '../__testUtils__/testDatabases';
import { Knex } from 'knex';
import { DatabaseGitopsStore } from './DatabaseGitopsStore';

jest.setTimeout(60_000);

const databases = createTestDatabases(EVERY_ENGINE);

const app = {
  key: 'component:default/payments@dev',
  entityRef: 'component:default/payments',
  cluster: 'dev',
  syncStatus: 'OutOfSync' as const,
  healthStatus: 'Progressing' as const,
};

describe.each(databases.eachSupportedId())('DatabaseGitopsStore (%s)', id => {
  let knex: Knex;
  let store: DatabaseGitopsStore;

  beforeAll(async () => {
    ({ knex, gitops: store } = await databases.stores(id));
  });

  afterEach(async () => {
    await knex('sync_run_resources').delete();
    await knex('app_resources').delete();
    await knex('sync_runs').delete();
    await knex('apps').delete();
  });

  it('upserts an app and reads it back by entity', async () => {
    await store.upsertApp(app);
    await store.upsertApp({
      ...app,
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      revision: 'a'.repeat(40),
    });
    await store.upsertApp({
      ...app,
      key: 'component:default/other@dev',
      entityRef: 'component:default/other',
    });

    const apps = await store.listApps({ entityRef: app.entityRef });
    expect(apps).toEqual([
      expect.objectContaining({
        key: app.key,
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: 'a'.repeat(40),
      }),
    ]);
    expect(Date.parse(apps[0].updatedAt)).not.toBeNaN();
    expect(await store.listApps()).toHaveLength(2);
  });

  it('removes only the stale apps of one entity', async () => {
    await store.upsertApp(app);
    await store.upsertApp({
      ...app,
      key: `${app.entityRef}@prod`,
      cluster: 'prod',
    });
    await store.upsertApp({
      ...app,
      key: 'component:default/other@dev',
      entityRef: 'component:default/other',
    });

    expect(await store.removeStaleApps(app.entityRef, [app.key])).toBe(1);
    expect((await store.listApps()).map(a => a.key)).toEqual([
      'component:default/other@dev',
      app.key,
    ]);
  });

  it('pages runs newest first and finishes them', async () => {
    await store.upsertApp(app);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await store.addRun({
          appKey: app.key,
          revision: `${i}`.repeat(40),
          trigger: 'manual',
          initiator: 'user:default/ada',
          result: 'Running',
          startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        }),
      );
    }
    await store.finishRun(ids[4], {
      result: 'Succeeded',
      message: 'applied 3 resources',
      finishedAt: '2026-01-01T00:10:00.000Z',
    });

    const first = await store.listRuns(app.key, { offset: 0, limit: 2 });
    expect(first.totalCount).toBe(5);
    expect(first.items.map(r => r.id)).toEqual([ids[4], ids[3]]);
    expect(first.items[0]).toMatchObject({
      result: 'Succeeded',
      message: 'applied 3 resources',
      startedAt: '2026-01-01T00:04:00.000Z',
      finishedAt: '2026-01-01T00:10:00.000Z',
      initiator: 'user:default/ada',
    });
    const last = await store.listRuns(app.key, { offset: 4, limit: 2 });
    expect(last.items.map(r => r.id)).toEqual([ids[0]]);
  });

  it('names the commit of the newest sync that wrote, before the status says it', async () => {
    const [applied, running, dryRun] = ['a', 'b', 'c'].map(c => c.repeat(40));
    expect(await store.appliedRevision(app.key)).toBeUndefined();
    await store.upsertApp({ ...app, revision: applied });
    expect(await store.appliedRevision(app.key)).toBe(applied);

    const run = {
      appKey: app.key,
      trigger: 'auto' as const,
      startedAt: new Date().toISOString(),
    };
    await store.addRun({ ...run, revision: running, result: 'Running' });
    await store.addRun({
      ...run,
      revision: dryRun,
      result: 'Succeeded',
      dryRun: true,
    });
    expect(await store.appliedRevision(app.key)).toBe(running);
  });

  it('refuses to finish a run that does not exist', async () => {
    await expect(store.finishRun(424242, { result: 'Failed' })).rejects.toThrow(
      "No sync run with id '424242'",
    );
  });

  it('keeps the history of an app that is removed, for when it comes back', async () => {
    await store.upsertApp(app);
    await store.addRun({
      appKey: app.key,
      trigger: 'auto',
      result: 'Succeeded',
      startedAt: new Date().toISOString(),
    });
    await store.removeStaleApps(app.entityRef, []);
    expect(await store.getApp(app.key)).toBeUndefined();
    expect(
      (await store.listRuns(app.key, { offset: 0, limit: 10 })).totalCount,
    ).toBe(1);
  });

  it('keeps engine state apart from the status it upserts', async () => {
    await store.upsertApp(app);
    expect(await store.getAppState(app.key)).toEqual({ inventory: [] });
    await store.updateAppState(app.key, {
      spec: '{"path":"apps"}',
      inventory: ['apps/Deployment/payments/api', '/Service/payments/api'],
      lastAutoSyncKey: 'abc',
      pinnedRevision: 'f'.repeat(40),
    });
    await store.upsertApp({
      ...app,
      syncStatus: 'Synced',
      commitMessage: 'Bump',
    });
    expect(await store.getAppState(app.key)).toEqual({
      spec: '{"path":"apps"}',
      inventory: ['apps/Deployment/payments/api', '/Service/payments/api'],
      lastAutoSyncKey: 'abc',
      pinnedRevision: 'f'.repeat(40),
    });
    expect(await store.getApp(app.key)).toMatchObject({
      syncStatus: 'Synced',
      commitMessage: 'Bump',
      pinnedRevision: 'f'.repeat(40),
    });
    await store.updateAppState(app.key, { pinnedRevision: undefined });
    expect((await store.getAppState(app.key)).pinnedRevision).toBeUndefined();
    await expect(store.getAppState('nope')).rejects.toThrow("No app 'nope'");
  });

  it('replaces the resource tree of an app, beyond one insert batch', async () => {
    await store.upsertApp(app);
    const resources = Array.from({ length: 250 }, (_, i) => ({
      id: `/ConfigMap/payments/cm-${String(i).padStart(3, '0')}`,
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'payments',
      name: `cm-${String(i).padStart(3, '0')}`,
      syncStatus: 'Synced' as const,
      healthStatus: 'Healthy' as const,
    }));
    await store.replaceResources(app.key, resources);
    await store.replaceResources(app.key, [
      ...resources.slice(1),
      {
        id: 'apps/Deployment/payments/api',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'payments',
        name: 'api',
        syncStatus: 'OutOfSync',
        healthStatus: 'Progressing',
        message: 'Waiting for rollout',
        diff: '-  replicas: 1\n+  replicas: 2',
      },
    ]);
    const listed = await store.listResources(app.key);
    expect(listed).toHaveLength(250);
    expect(listed[0]).toEqual({
      id: '/ConfigMap/payments/cm-001',
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'payments',
      name: 'cm-001',
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
    });
    expect(listed[249]).toMatchObject({
      kind: 'Deployment',
      diff: expect.stringContaining('replicas: 2'),
    });
  });

  it('records what a run did to each object', async () => {
    await store.upsertApp(app);
    const runId = await store.addRun({
      appKey: app.key,
      trigger: 'manual',
      result: 'Running',
      commitMessage: 'Bump image',
      commitAuthor: 'Ada <ada@example.test>',
      dryRun: true,
      prune: true,
      startedAt: new Date().toISOString(),
    });
    await store.finishRun(runId, { result: 'Succeeded' }, [
      {
        id: '/Service/payments/api',
        kind: 'Service',
        namespace: 'payments',
        name: 'api',
        result: 'Created',
      },
      {
        id: '/ConfigMap/payments/old',
        kind: 'ConfigMap',
        namespace: 'payments',
        name: 'old',
        result: 'Pruned',
      },
    ]);
    expect(await store.getRun(runId)).toMatchObject({
      result: 'Succeeded',
      commitMessage: 'Bump image',
      commitAuthor: 'Ada <ada@example.test>',
      dryRun: true,
      prune: true,
    });
    expect((await store.listRunResources(runId)).map(r => r.result)).toEqual([
      'Pruned',
      'Created',
    ]);
  });

  it('forgets apps of entities that left the catalog', async () => {
    await store.upsertApp(app);
    await store.upsertApp({
      ...app,
      key: 'component:default/gone@dev',
      entityRef: 'component:default/gone',
    });
    expect(await store.removeAppsOfOtherEntities([app.entityRef])).toBe(1);
    expect((await store.listApps()).map(a => a.key)).toEqual([app.key]);
  });
});
