import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseGitopsStore } from './DatabaseGitopsStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

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
    knex = await databases.init(id);
    store = await DatabaseGitopsStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
  });

  afterEach(async () => {
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
    await store.upsertApp({ ...app, key: `${app.entityRef}@prod`, cluster: 'prod' });
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

  it('refuses to finish a run that does not exist', async () => {
    await expect(
      store.finishRun(424242, { result: 'Failed' }),
    ).rejects.toThrow("No sync run with id '424242'");
  });

  it('deletes an app together with its history', async () => {
    await store.upsertApp(app);
    await store.addRun({
      appKey: app.key,
      trigger: 'auto',
      result: 'Succeeded',
      startedAt: new Date().toISOString(),
    });
    await store.removeStaleApps(app.entityRef, []);
    expect((await store.listRuns(app.key, { offset: 0, limit: 10 })).totalCount).toBe(0);
  });
});
