import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testGitServer, waitUntil } from '@internal/test-env';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { runAppAction } from './__testUtils__/followOperation';
import {
  annotatedEntity,
  startGitopsBackend,
} from './__testUtils__/startGitopsBackend';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const ns = `api-${run}`;
const repoName = `api-${run}`;
const secret = 'webhook-s3cret';
const base = '/api/gitops/entities/default/component/shop';

const configMap = (level: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { level: ${level} }\n`;

async function startBackend(
  git: ReturnType<typeof testGitServer>,
  permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const server = await startGitopsBackend({
    entities: [
      annotatedEntity('shop', {
        'slipway.dev/repo': git.repoUrl(repoName),
        'slipway.dev/clusters': 'local',
        'slipway.dev/namespace': ns,
      }),
    ],
    permission,
    slipway: { webhooks: { secret, maxBodyBytes: 4096 } },
  });
  // The engine reads the catalog at start-up; wait for the app to be
  // recorded (a caller denied the read sees a 403 at once).
  await waitUntil(
    async () => {
      const res = await request(server).get(`${base}/apps`);
      return { status: res.status, body: res.body };
    },
    {
      description: 'the app to be recorded',
      timeoutMs: 30_000,
      until: res =>
        res.status !== 200 || Boolean(res.body.items?.[0]?.revision),
    },
  );
  return server;
}

const signed = (body: string) =>
  `${createHmac('sha256', secret).update(body).digest('hex')}`;

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
    await kc
      .makeApiClient(CoreV1Api)
      .deleteNamespace({ name: ns })
      .catch(() => undefined);
  });

  it('refuses every write when the permission is denied, and changes nothing', async () => {
    const server = await startBackend(git, AuthorizeResult.DENY);
    for (const action of ['sync', 'refresh', 'rollback', 'unpin']) {
      const res = await request(server)
        .post(`${base}/apps/local/${action}`)
        .send({});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Permission 'gitops\.(sync|rollback)\.trigger' denied on 'component:default\/shop'$/,
      );
    }
  });

  it('syncs, pages history, refreshes on a signed webhook, rolls back and unpins', async () => {
    const server = await startBackend(git, AuthorizeResult.ALLOW);

    const synced = await runAppAction(server, `${base}/apps/local/sync`, {
      prune: true,
    });
    expect(synced).toMatchObject({
      operation: { action: 'sync', status: 'Succeeded', request: { prune: true } },
      app: { syncStatus: 'Synced' },
    });
    firstSha = synced.app.revision!;

    const detail = await request(server).get(`${base}/apps/local`);
    expect(
      detail.body.resources.map((r: { kind: string }) => r.kind).sort(),
    ).toEqual(['ConfigMap', 'Namespace']);
    // The entity page shows the project the app is bound to, never its other rules.
    expect(detail.body.app.project).toEqual({
      name: 'test',
      destinations: [{ cluster: '*', namespaces: ['*'] }],
    });

    const history = await request(server).get(`${base}/history?cluster=local`);
    expect(history.body).toMatchObject({
      totalCount: 1,
      items: [{ result: 'Succeeded', trigger: 'manual', prune: true }],
    });
    const runDetail = await request(server).get(
      `${base}/runs/${synced.operation.runId}`,
    );
    expect(
      runDetail.body.resources.map((r: { result: string }) => r.result),
    ).toEqual(['Created', 'Created']);

    // A push: the webhook refreshes the app at once, which sees the new commit.
    const secondSha = await git.commit(
      repoName,
      { 'cm.yaml': configMap('debug') },
      'More logs',
    );
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: { clone_url: git.repoUrl(repoName) },
    });
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
    const app = await waitUntil(
      async () => (await request(server).get(`${base}/apps/local`)).body.app,
      {
        description: 'the pushed commit to be recorded',
        timeoutMs: 30_000,
        until: recorded => recorded?.revision === secondSha,
      },
    );
    expect(app).toMatchObject({
      revision: secondSha,
      syncStatus: 'OutOfSync',
      commitMessage: 'More logs',
    });

    await runAppAction(server, `${base}/apps/local/sync`);
    const rollback = await runAppAction(server, `${base}/apps/local/rollback`, {
      runId: synced.operation.runId,
    });
    expect(rollback.operation).toMatchObject({ status: 'Succeeded' });
    expect(rollback.app).toMatchObject({
      revision: firstSha,
      pinnedRevision: firstSha,
      syncStatus: 'Synced',
    });
    const runs = await request(server).get(`${base}/history?cluster=local`);
    expect(runs.body.items[0]).toMatchObject({
      trigger: 'rollback',
      revision: firstSha,
    });

    const unpinned = await runAppAction(server, `${base}/apps/local/unpin`);
    expect(unpinned.app.pinnedRevision).toBeUndefined();
    expect(unpinned.app.revision).toBe(secondSha);

    const badBody = await request(server)
      .post(`${base}/apps/local/sync`)
      .send({ force: 'yes' });
    expect(badBody.status).toBe(400);
    const unknownRun = await request(server)
      .post(`${base}/apps/local/rollback`)
      .send({ runId: 999999 });
    expect(unknownRun.status).toBe(404);
  });
});

describe('revert in Git through the REST API', () => {
  const git = testGitServer();
  const revertRepo = `revert-${run}`;
  const revertNs = `revert-${run}`;
  const appBase = '/api/gitops/entities/default/component/cart';
  const tagBase = '/api/gitops/entities/default/component/cart-tagged';
  const bareDir = () =>
    path.join(process.env.SLIPWAY_TEST_GIT_ROOT!, `${revertRepo}.git`);
  const gitShow = (spec: string) =>
    execFileSync('git', ['--git-dir', bareDir(), ...spec.split(' ')], {
      encoding: 'utf8',
    }).trim();

  const entity = (name: string, annotations: Record<string, string>) =>
    annotatedEntity(name, {
      'slipway.dev/repo': git.repoUrl(revertRepo),
      'slipway.dev/clusters': 'local',
      'slipway.dev/namespace': revertNs,
      'slipway.dev/path': 'apps/cart',
      ...annotations,
    });

  const startRevertBackend = () =>
    startGitopsBackend({
      entities: [
        entity('cart', {
          'slipway.dev/sync-policy': 'auto',
          'slipway.dev/prune': 'true',
        }),
        entity('cart-tagged', {
          'slipway.dev/revision': 'v1',
          'slipway.dev/namespace': `${revertNs}-tag`,
        }),
      ],
    });

  const appAt = async (server: any, entityBase: string) =>
    (await request(server).get(`${entityBase}/apps/local`)).body.app;
  const core = () => {
    const kc = new KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    return kc.makeApiClient(CoreV1Api);
  };
  // The auto app syncs at start-up; wait until that run is recorded.
  const firstSyncOf = (server: any) =>
    waitUntil(() => appAt(server, appBase), {
      description: 'the first sync of the auto app',
      timeoutMs: 30_000,
      until: app => app?.lastRunResult === 'Succeeded',
    });

  afterAll(async () => {
    for (const name of [revertNs, `${revertNs}-tag`]) {
      await core()
        .deleteNamespace({ name })
        .catch(() => undefined);
    }
  });

  it('pushes a commit restoring only the app folder, which the engine then syncs', async () => {
    await git.createBareRepo(revertRepo);
    const firstSha = await git.commit(
      revertRepo,
      {
        'ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${revertNs} }\n`,
        'apps/cart/cm.yaml': configMap('info'),
        'apps/cart/extra.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }\ndata: { a: b }\n',
        'other/notes.txt': 'v1',
      },
      'First',
      { tags: ['v1'] },
    );
    for (const name of [revertNs, `${revertNs}-tag`]) {
      await core().createNamespace({ body: { metadata: { name } } });
    }
    const server = await startRevertBackend();
    const app = await firstSyncOf(server);
    expect(app).toMatchObject({ revision: firstSha, syncStatus: 'Synced' });
    const firstRun = (
      await request(server).get(`${appBase}/history?cluster=local`)
    ).body.items[0];
    expect(firstRun).toMatchObject({ revision: firstSha, result: 'Succeeded' });

    const secondSha = await git.commit(
      revertRepo,
      {
        'apps/cart/cm.yaml': configMap('debug'),
        'apps/cart/extra.yaml': null,
        'other/notes.txt': 'v2',
      },
      'Second',
    );
    await runAppAction(server, `${appBase}/apps/local/refresh`);
    expect(await appAt(server, appBase)).toMatchObject({
      revision: secondSha,
      syncStatus: 'Synced',
    });

    const reverted = await request(server)
      .post(`${appBase}/apps/local/revert`)
      .send({ runId: firstRun.id });
    expect(reverted.status).toBe(200);
    const revertSha: string = reverted.body.sha;
    expect(revertSha).toMatch(/^[0-9a-f]{40}$/);

    // HEAD of the branch is the revert commit on top of the second one.
    expect(gitShow('rev-parse main')).toBe(revertSha);
    expect(gitShow('rev-parse main^')).toBe(secondSha);
    expect(gitShow('log -1 --format=%s main')).toBe(
      `Revert apps/cart to ${firstSha.slice(
        0,
        12,
      )} (requested by user:default/mock)`,
    );
    expect(
      gitShow('ls-tree -r --name-only main apps/cart').split('\n'),
    ).toEqual(['apps/cart/cm.yaml', 'apps/cart/extra.yaml']);
    expect(gitShow('show main:apps/cart/cm.yaml')).toBe(
      configMap('info').trim(),
    );
    // Outside the app's folder nothing moves back.
    expect(gitShow('show main:other/notes.txt')).toBe('v2');

    // The push made the app due, and it auto-synced the revert commit.
    expect(
      await waitUntil(() => appAt(server, appBase), {
        description: 'the revert commit to be synced',
        timeoutMs: 30_000,
        until: current =>
          current?.revision === revertSha && current.syncStatus === 'Synced',
      }),
    ).toMatchObject({
      revision: revertSha,
      syncStatus: 'Synced',
      lastRunResult: 'Succeeded',
    });
    expect(
      (
        await core().readNamespacedConfigMap({
          name: 'settings',
          namespace: revertNs,
        })
      ).data,
    ).toEqual({ level: 'info' });
    await core().readNamespacedConfigMap({
      name: 'extra',
      namespace: revertNs,
    });
    const history = (
      await request(server).get(`${appBase}/history?cluster=local`)
    ).body.items;
    expect(history.map((r: { revision: string }) => r.revision)).toEqual([
      revertSha,
      secondSha,
      firstSha,
    ]);

    // Reverting to what the folder already is pushes nothing.
    const again = await request(server)
      .post(`${appBase}/apps/local/revert`)
      .send({ runId: firstRun.id });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(
      /^Nothing to revert: 'apps\/cart' on refs\/heads\/main/,
    );
    expect(gitShow('rev-parse main')).toBe(revertSha);
  });

  it('refuses pinned apps, apps following a tag, unknown runs and bad bodies', async () => {
    const server = await startRevertBackend();
    // Live state already matches Git, so this backend records its run on request.
    const synced = await runAppAction(server, `${appBase}/apps/local/sync`);
    expect(synced.operation).toMatchObject({ status: 'Succeeded' });
    const runs = (await request(server).get(`${appBase}/history?cluster=local`))
      .body.items;
    const head = gitShow('rev-parse main');

    const badBody = await request(server)
      .post(`${appBase}/apps/local/revert`)
      .send({ runId: runs[0].id, force: true });
    expect(badBody.status).toBe(400);
    const unknown = await request(server)
      .post(`${appBase}/apps/local/revert`)
      .send({ runId: 999999 });
    expect(unknown.status).toBe(404);

    await runAppAction(server, `${appBase}/apps/local/rollback`, {
      runId: runs[0].id,
    });
    const pinned = await request(server)
      .post(`${appBase}/apps/local/revert`)
      .send({ runId: runs[0].id });
    expect(pinned.status).toBe(409);
    expect(pinned.body.error.message).toContain('is pinned to');
    await runAppAction(server, `${appBase}/apps/local/unpin`);

    const tagged = await runAppAction(server, `${tagBase}/apps/local/sync`);
    expect(tagged.operation).toMatchObject({ status: 'Succeeded' });
    const tagRefused = await request(server)
      .post(`${tagBase}/apps/local/revert`)
      .send({ runId: tagged.operation.runId });
    expect(tagRefused.status).toBe(409);
    expect(tagRefused.body.error.message).toBe(
      "App 'component:default/cart-tagged@local' follows tag 'v1', not a branch: a revert commit would never be deployed; change the revision or use rollback",
    );
    expect(gitShow('rev-parse main')).toBe(head);
  });
});
