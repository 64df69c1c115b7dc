import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import gitopsPlugin from '@slipway/plugin-gitops-backend';
import { waitUntil } from '@internal/test-env';
import request from 'supertest';
import { catalogUserInfoServiceFactory } from './__testUtils__/catalogUserInfoServiceFactory';
import { onBehalfOfHttpAuthServiceFactory } from './__testUtils__/onBehalfOfHttpAuthServiceFactory';
import slipwayPolicyModule from './module';

jest.setTimeout(60_000);

const shop = '/api/gitops/entities/default/component/shop';
const owner = mockCredentials.user.header('user:default/owner');
const stranger = mockCredentials.user.header('user:default/stranger');
const admin = mockCredentials.user.header('user:default/ada');

// The real permission backend with Slipway's policy, the real catalog (whose
// permission integration evaluates IS_ENTITY_OWNER) and the gitops plugin;
// only tokens and user info are test doubles, the latter read from the catalog
// as a sign-in resolver would.
// What reached Backstage's auditor: Slipway's action events and how they ended.
const audited: Array<Record<string, unknown>> = [];
const auditor = mockServices.auditor.mock({
  createEvent: async ({ eventId, meta }) => {
    const entry = { eventId, ...meta };
    return {
      success: async () => void audited.push({ ...entry, status: 'succeeded' }),
      fail: async ({ error }) =>
        void audited.push({ ...entry, status: 'failed', error: error.message }),
    };
  },
});

async function startPortal() {
  const { server } = await startTestBackend({
    features: [
      permissionPlugin,
      slipwayPolicyModule,
      catalogPlugin,
      gitopsPlugin,
      // The real scheduler: Slipway reads the catalog on it periodically.
      schedulerServiceFactory,
      catalogUserInfoServiceFactory,
      onBehalfOfHttpAuthServiceFactory,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          catalog: {
            rules: [{ allow: ['Component', 'User', 'Group'] }],
            locations: [
              {
                type: 'file',
                target: path.resolve(__dirname, '__fixtures__/catalog.yaml'),
              },
            ],
          },
          slipway: {
            clusters: [],
            permissions: { adminGroups: ['group:default/platform'] },
            // The shop's project; its cluster stays unconfigured on purpose.
            projects: [
              {
                name: 'shop',
                owners: ['group:default/team-a'],
                sourceRepos: ['**'],
                destinations: [{ cluster: '*', namespaces: ['*'] }],
              },
            ],
            defaultProject: 'shop',
            sync: {
              intervalSeconds: 3600,
              jitterSeconds: 0,
              catalogRefreshSeconds: 1,
            },
          },
        },
      }),
    ],
  });
  // Wait for the catalog to process the file and the engine to pick the app up.
  await waitUntil(
    async () => {
      const res = await request(server)
        .get(`${shop}/apps`)
        .set('Authorization', owner);
      return { status: res.status, body: res.body };
    },
    {
      description: 'the app to appear',
      timeoutMs: 30_000,
      until: res => res.status === 200 && res.body.items.length > 0,
    },
  );
  return server;
}

const sync = (
  server: Awaited<ReturnType<typeof startPortal>>,
  authorization: string,
) =>
  request(server)
    .post(`${shop}/apps/local/sync`)
    .set('Authorization', authorization)
    .send({});

const auditOf = async (server: Awaited<ReturnType<typeof startPortal>>) =>
  (
    await request(server)
      .get(`${shop}/audit?cluster=local`)
      .set('Authorization', admin)
  ).body;

const historyOf = async (server: Awaited<ReturnType<typeof startPortal>>) =>
  (
    await request(server)
      .get(`${shop}/history?cluster=local`)
      .set('Authorization', admin)
  ).body;

describe('Slipway RBAC with the real permission framework', () => {
  let server: Awaited<ReturnType<typeof startPortal>>;

  beforeAll(async () => {
    server = await startPortal();
  });

  it('denies a non-owner with 403 naming the permission, changing nothing but the audit', async () => {
    const res = await sync(server, stranger);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        "Permission 'gitops.sync.trigger' denied on 'component:default/shop'",
    });
    expect((await historyOf(server)).totalCount).toBe(0);
    expect((await auditOf(server)).items[0]).toMatchObject({
      actor: 'user:default/stranger',
      action: 'sync',
      cluster: 'local',
      entityRef: 'component:default/shop',
      permission: 'gitops.sync.trigger',
      result: 'denied',
    });
    expect(
      audited.filter(e => e.eventId === 'app-action').at(-1),
    ).toMatchObject({
      queryType: 'sync',
      actor: 'user:default/stranger',
      status: 'failed',
      error:
        "Permission 'gitops.sync.trigger' denied on 'component:default/shop'",
    });
  });

  it('lets a member of the owning group sync, and audits the outcome', async () => {
    const res = await sync(server, owner);
    // Authorized: the operation is recorded at once; the engine runs it and
    // records the run, which fails only because this test has no cluster
    // named 'local'.
    expect(res.status).toBe(202);
    const { operation } = await waitUntil(
      async () =>
        (
          await request(server)
            .get(`${shop}/apps/local/operations/${res.body.operation.id}`)
            .set('Authorization', owner)
        ).body,
      {
        description: 'the sync operation to finish',
        timeoutMs: 60_000,
        until: body => body.operation?.status === 'Failed',
      },
    );
    const history = await historyOf(server);
    expect(history.items[0]).toMatchObject({
      id: operation.runId,
      initiator: 'user:default/owner',
      trigger: 'manual',
      result: 'Failed',
    });
    expect((await auditOf(server)).items[0]).toMatchObject({
      actor: 'user:default/owner',
      action: 'sync',
      result: 'succeeded',
      message: `Operation ${operation.id}`,
    });
  });

  it('lets an admin act on an entity it does not own', async () => {
    const res = await request(server)
      .post(`${shop}/apps/local/unpin`)
      .set('Authorization', admin)
      .send({});
    expect(res.status).toBe(202);
    expect((await auditOf(server)).items[0]).toMatchObject({
      actor: 'user:default/ada',
      action: 'unpin',
      permission: 'gitops.rollback.trigger',
      result: 'succeeded',
    });
    expect(
      audited.filter(e => e.eventId === 'app-action').at(-1),
    ).toMatchObject({
      queryType: 'unpin',
      actor: 'user:default/ada',
      entityRef: 'component:default/shop',
      cluster: 'local',
      status: 'succeeded',
    });
  });

  it('records an allowed attempt that then fails, with the reason', async () => {
    const res = await request(server)
      .post(`${shop}/apps/local/rollback`)
      .set('Authorization', owner)
      .send({ runId: 999 });
    expect(res.status).toBe(404);
    expect((await auditOf(server)).items[0]).toMatchObject({
      actor: 'user:default/owner',
      action: 'rollback',
      result: 'failed',
      message: "No sync run with id '999' on 'component:default/shop@local'",
    });
  });

  it('denies a non-owner every other write too', async () => {
    for (const [action, permission] of [
      ['refresh', 'gitops.sync.trigger'],
      ['rollback', 'gitops.rollback.trigger'],
      ['revert', 'gitops.rollback.trigger'],
      ['unpin', 'gitops.rollback.trigger'],
    ]) {
      const res = await request(server)
        .post(`${shop}/apps/local/${action}`)
        .set('Authorization', stranger)
        .send({ runId: 1 });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(`'${permission}'`);
    }
  });

  it('lets everyone read, in the per-entity and the fleet lists', async () => {
    const own = await request(server)
      .get(`${shop}/apps`)
      .set('Authorization', stranger);
    expect(own.status).toBe(200);
    const fleet = await request(server)
      .get('/api/gitops/apps?cluster=local')
      .set('Authorization', stranger);
    expect(fleet.body.items.map((a: { key: string }) => a.key)).toEqual([
      'component:default/shop@local',
    ]);
    const none = await request(server)
      .get('/api/gitops/apps?cluster=prod')
      .set('Authorization', stranger);
    expect(none.body.items).toEqual([]);
  });

  it('refuses an unauthenticated caller before anything runs', async () => {
    const before = (await auditOf(server)).totalCount;
    const res = await sync(server, mockCredentials.none.header());
    expect(res.status).toBe(401);
    expect((await auditOf(server)).totalCount).toBe(before);
  });

  it('allows a service caller, which Backstage decides without the policy', async () => {
    const res = await request(server)
      .post(`${shop}/apps/local/refresh`)
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(res.status).toBe(202);
    expect((await auditOf(server)).items[0]).toMatchObject({
      actor: 'external:test-service',
      action: 'refresh',
      result: 'succeeded',
    });
  });
});
