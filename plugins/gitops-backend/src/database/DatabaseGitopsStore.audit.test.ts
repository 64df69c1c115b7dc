import {
  createTestDatabases,
  EVERY_ENGINE,
} from '../__testUtils__/testDatabases';
import { Knex } from 'knex';
import { DatabaseGitopsStore } from './DatabaseGitopsStore';

jest.setTimeout(60_000);

const databases = createTestDatabases(EVERY_ENGINE);

const attempt = {
  entityRef: 'component:default/payments',
  cluster: 'dev',
  action: 'sync',
  actor: 'user:default/ada',
  permission: 'gitops.sync.trigger',
};

describe.each(databases.eachSupportedId())('DatabaseGitopsStore audit (%s)', id => {
  let knex: Knex;
  let store: DatabaseGitopsStore;

  beforeAll(async () => {
    ({ knex, gitops: store } = await databases.stores(id));
  });

  afterEach(() => knex('audit_events').delete());

  it('pages the audit of one app newest first', async () => {
    await store.addAuditEvent({ ...attempt, result: 'denied', actor: 'user:default/bob', message: 'no' });
    await store.addAuditEvent({ ...attempt, result: 'succeeded' });
    await store.addAuditEvent({ ...attempt, action: 'rollback', result: 'failed', message: 'boom' });
    await store.addAuditEvent({ ...attempt, cluster: 'prod', result: 'succeeded' });

    const first = await store.listAuditEvents('component:default/payments@dev', { offset: 0, limit: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.items).toMatchObject([
      { action: 'rollback', result: 'failed', message: 'boom', cluster: 'dev' },
      { action: 'sync', result: 'succeeded', actor: 'user:default/ada', message: undefined },
    ]);
    expect(Date.parse(first.items[0].createdAt)).toBeGreaterThan(Date.now() - 60_000);

    const second = await store.listAuditEvents('component:default/payments@dev', { offset: 2, limit: 2 });
    expect(second.items).toEqual([
      expect.objectContaining({ actor: 'user:default/bob', result: 'denied', permission: 'gitops.sync.trigger' }),
    ]);
  });

  it('keeps the trail of an app that no longer exists', async () => {
    await store.addAuditEvent({ ...attempt, entityRef: 'component:default/gone', result: 'denied' });
    const page = await store.listAuditEvents('component:default/gone@dev', { offset: 0, limit: 10 });
    expect(page.items).toHaveLength(1);
  });
});
