import { createHmac } from 'node:crypto';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testGitServer } from '@internal/test-env';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { gitopsPlugin } from './plugin';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const ns = `api-${run}`;
const repoName = `api-${run}`;
const secret = 'webhook-s3cret';
const base = '/api/gitops/entities/default/component/shop';

const configMap = (level: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { level: ${level} }\n`;

async function startBackend(git: ReturnType<typeof testGitServer>, permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shop',
      namespace: 'default',
      annotations: {
        'slipway.dev/repo': git.repoUrl(repoName),
        'slipway.dev/clusters': 'local',
        'slipway.dev/namespace': ns,
      },
    },
    spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'production' },
  };
  const { server } = await startTestBackend({
    features: [
      gitopsPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.factory({ result: permission }),
      mockServices.rootConfig.factory({
        data: {
          slipway: {
            clusters: [{ name: 'local', auth: 'kubeconfig', kubeconfigPath: process.env.KUBECONFIG, namespaces: ['*'] }],
            webhooks: { secret, maxBodyBytes: 4096 },
            sync: { intervalSeconds: 3600, jitterSeconds: 0, catalogRefreshSeconds: 3600 },
          },
        },
      }),
    ],
  });
  // The engine reads the catalog at start-up; wait for the app to be recorded.
  for (let i = 0; i < 100; i++) {
    const res = await request(server).get(`${base}/apps`);
    if (res.status !== 200 || res.body.items?.[0]?.revision) break;
    await new Promise(r => setTimeout(r, 100));
  }
  return server;
}

const signed = (body: string) => `${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('REST API with the running engine', () => {
  const git = testGitServer();
  let firstSha: string;

  beforeAll(async () => {
    await git.createBareRepo(repoName, {
      'ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
      'cm.yaml': configMap('info'),
    });
  });

  afterAll(async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    await kc.makeApiClient(CoreV1Api).deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('refuses every write when the permission is denied, and changes nothing', async () => {
    const server = await startBackend(git, AuthorizeResult.DENY);
    for (const action of ['sync', 'refresh', 'rollback', 'unpin']) {
      const res = await request(server).post(`${base}/apps/local/${action}`).send({});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/^Permission 'gitops\.(sync|rollback)\.trigger' denied on 'component:default\/shop'$/);
    }
  });

  it('syncs, pages history, refreshes on a signed webhook, rolls back and unpins', async () => {
    const server = await startBackend(git, AuthorizeResult.ALLOW);

    const synced = await request(server).post(`${base}/apps/local/sync`).send({ prune: true });
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ ok: true, app: { syncStatus: 'Synced' } });
    firstSha = synced.body.app.revision;

    const detail = await request(server).get(`${base}/apps/local`);
    expect(detail.body.resources.map((r: { kind: string }) => r.kind).sort()).toEqual(['ConfigMap', 'Namespace']);

    const history = await request(server).get(`${base}/history?cluster=local`);
    expect(history.body).toMatchObject({ totalCount: 1, items: [{ result: 'Succeeded', trigger: 'manual', prune: true }] });
    const runDetail = await request(server).get(`${base}/runs/${synced.body.runId}`);
    expect(runDetail.body.resources.map((r: { result: string }) => r.result)).toEqual(['Created', 'Created']);

    // A push: the webhook refreshes the app at once, which sees the new commit.
    const secondSha = await git.commit(repoName, { 'cm.yaml': configMap('debug') }, 'More logs');
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: git.repoUrl(repoName) } });
    const bad = await request(server)
      .post('/api/gitops/webhooks/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Gitea-Signature', signed('something else'))
      .send(body);
    expect(bad.status).toBe(401);
    const tooBig = await request(server)
      .post('/api/gitops/webhooks/gitea')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(5000) }));
    expect(tooBig.status).toBe(413);
    const hook = await request(server)
      .post('/api/gitops/webhooks/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Gitea-Signature', signed(body))
      .send(body);
    expect(hook.status).toBe(202);
    expect(hook.body.refreshed).toEqual(['component:default/shop@local']);
    let app: any;
    for (let i = 0; i < 50; i++) {
      app = (await request(server).get(`${base}/apps/local`)).body.app;
      if (app.revision === secondSha) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(app).toMatchObject({ revision: secondSha, syncStatus: 'OutOfSync', commitMessage: 'More logs' });

    await request(server).post(`${base}/apps/local/sync`).send({}).expect(200);
    const rollback = await request(server)
      .post(`${base}/apps/local/rollback`)
      .send({ runId: synced.body.runId });
    expect(rollback.status).toBe(200);
    expect(rollback.body.app).toMatchObject({ revision: firstSha, pinnedRevision: firstSha, syncStatus: 'Synced' });
    const runs = await request(server).get(`${base}/history?cluster=local`);
    expect(runs.body.items[0]).toMatchObject({ trigger: 'rollback', revision: firstSha });

    const unpinned = await request(server).post(`${base}/apps/local/unpin`).send({});
    expect(unpinned.body.app.pinnedRevision).toBeUndefined();
    expect(unpinned.body.app.revision).toBe(secondSha);

    const badBody = await request(server).post(`${base}/apps/local/sync`).send({ force: 'yes' });
    expect(badBody.status).toBe(400);
    const unknownRun = await request(server).post(`${base}/apps/local/rollback`).send({ runId: 999999 });
    expect(unknownRun.status).toBe(404);
  });
});
