import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import { testGitServer, waitUntil } from '@internal/test-env';
import request from 'supertest';
import { runAppAction } from '../../__testUtils__/followOperation';
import {
  apis,
  appOf,
  appPath,
  createTeamRbac,
  deleteTeamNamespaces,
  projectOf,
  serviceOf,
  startTenancyBackend,
  teams,
} from './__testUtils__/tenancyEnv';

jest.setTimeout(180_000);

const { a, b } = teams;
// What team B keeps to itself: it must never show up in anything team A can read.
const TEAM_B_SECRET = 'team-b-private-token-7f3c';

const configMap = (
  name: string,
  data: Record<string, string>,
  namespace?: string,
) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${
    namespace ? `  namespace: ${namespace}\n` : ''
  }data: ${JSON.stringify(data)}\n`;

const deployment = (name: string, namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: app, image: example.test/${name}:1 }] }
`;

const clusterAdminBinding = (
  name: string,
  subjectNamespace: string,
) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: default, namespace: ${subjectNamespace} }]
`;

const LOOT = 'instance-credentials-from-metadata';

// A stand-in for a cloud metadata endpoint: counts who asked.
async function lootServer() {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.end(LOOT);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

// Nine levels of ten aliases each: a billion strings once expanded.
function aliasBomb() {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: bomb }',
    'data:',
    '  a0: &a0 "lol"',
  ];
  for (let i = 1; i <= 9; i++) {
    lines.push(
      `  a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(
        ', ',
      )}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// A ConfigMap whose data repeats a key at the very end, after 40k others.
function manyKeys(count: number) {
  const keys = Array.from({ length: count }, (_, i) => `  key${i}: v`).join(
    '\n',
  );
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: keys }\ndata:\n${keys}\n  key7: again\n`;
}

describe('tenancy: one team can never reach another team, the cluster or the backend', () => {
  const git = testGitServer();
  const k8s = apis();
  let server: Parameters<typeof request>[0];
  let cacheDir: string;
  const takeover = `takeover-${a.namespace}`;
  let loot: Awaited<ReturnType<typeof lootServer>>;
  let lootUrl: string;
  let cacheRepoPath: string;

  // Every response team A's apps give, to check none carries team B's data.
  const seenByTeamA: string[] = [];
  const logs: string[] = [];
  const asTeamA = async (
    method: 'get' | 'post',
    url: string,
    body?: object,
  ) => {
    const res =
      method === 'get'
        ? await request(server).get(url)
        : await request(server)
            .post(url)
            .send(body ?? {});
    seenByTeamA.push(JSON.stringify(res.body));
    return res;
  };
  // A sync as the portal runs it: the operation, followed to its end.
  const sync = async (name: string) => {
    const { operation, app } = await runAppAction(
      server,
      `${appPath(name)}/apps/local/sync`,
    );
    seenByTeamA.push(JSON.stringify({ operation, app }));
    return { ok: operation.status === 'Succeeded', app, operation };
  };

  beforeAll(async () => {
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-tenancy-'));
    loot = await lootServer();
    lootUrl = `http://127.0.0.1:${loot.port}/metadata`;
    cacheRepoPath = `file://${cacheDir}`;
    await createTeamRbac(a);
    await createTeamRbac(b);
    await git.createBareRepo(b.repo, {
      'billing/settings.yaml': configMap('billing-settings', { level: 'info' }),
      'billing/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: billing-token }\nstringData: { token: ${TEAM_B_SECRET} }\n`,
      'billing/deployment.yaml': deployment('billing'),
    });
    await git.createBareRepo(a.repo, {
      'payments/settings.yaml': configMap('payments-settings', {
        level: 'info',
      }),
      // Attack 1: cluster takeover, and a write into team B's namespace.
      'takeover/binding.yaml': clusterAdminBinding(takeover, a.namespace),
      'takeover/into-b.yaml': deployment('billing', b.namespace),
      'takeover/own.yaml': configMap('innocent', { a: '1' }),
      'takeover-lax/binding.yaml': clusterAdminBinding(
        `${takeover}-lax`,
        a.namespace,
      ),
      // Attack 2: declare what another app owns.
      'squatter/settings.yaml': configMap('payments-settings', {
        level: 'debug',
      }),
      // Attack 3: render team B's repository out of Slipway's own git cache.
      'theft/kustomization.yaml': `resources:\n  - ${cacheRepoPath}\n`,
      // Attack 4: the renderer fetches a URL, hoping the body comes back in a diff.
      'ssrf/kustomization.yaml': `configMapGenerator:\n  - name: loot\n    files:\n      - ${lootUrl}\n`,
      // Attack 8: a YAML bomb of aliases, and 40k keys in one map.
      'bomb/aliases.yaml': aliasBomb(),
      'bomb-keys/keys.yaml': manyKeys(40_000),
    });

    const laxA = projectOf(a, git, {
      name: 'team-a-lax',
      // An operator's mistake: the project grants what the ServiceAccount does not.
      clusterResourceAllowList: [
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      ],
    });
    const repoA = git.repoUrl(a.repo);
    server = await startTenancyBackend({
      cacheDir,
      logs,
      projects: [projectOf(a, git), laxA, projectOf(b, git)],
      entities: [
        serviceOf('billing', b, {
          'slipway.dev/project': 'team-b',
          'slipway.dev/repo': git.repoUrl(b.repo),
          'slipway.dev/path': 'billing',
          'slipway.dev/namespace': b.namespace,
          'slipway.dev/sync-policy': 'auto',
        }),
        serviceOf('payments', a, {
          'slipway.dev/project': 'team-a',
          'slipway.dev/repo': repoA,
          'slipway.dev/path': 'payments',
          'slipway.dev/namespace': a.namespace,
          'slipway.dev/sync-policy': 'auto',
        }),
        serviceOf('takeover', a, {
          'slipway.dev/project': 'team-a',
          'slipway.dev/repo': repoA,
          'slipway.dev/path': 'takeover',
          'slipway.dev/namespace': a.namespace,
        }),
        serviceOf('takeover-lax', a, {
          'slipway.dev/project': 'team-a-lax',
          'slipway.dev/repo': repoA,
          'slipway.dev/path': 'takeover-lax',
          'slipway.dev/namespace': a.namespace,
        }),
        serviceOf('squatter', a, {
          'slipway.dev/project': 'team-a',
          'slipway.dev/repo': repoA,
          'slipway.dev/path': 'squatter',
          'slipway.dev/namespace': a.namespace,
        }),
        ...['theft', 'ssrf', 'bomb', 'bomb-keys'].map(name =>
          serviceOf(name, a, {
            'slipway.dev/project': 'team-a',
            'slipway.dev/repo': repoA,
            'slipway.dev/path': name,
            'slipway.dev/namespace': a.namespace,
          }),
        ),
        serviceOf('borrowed-project', a, {
          'slipway.dev/project': 'team-b',
          'slipway.dev/repo': git.repoUrl(b.repo),
          'slipway.dev/path': 'billing',
          'slipway.dev/namespace': b.namespace,
        }),
        serviceOf('stolen-repo', a, {
          'slipway.dev/project': 'team-a',
          'slipway.dev/repo': git.repoUrl(b.repo),
          'slipway.dev/path': 'billing',
          'slipway.dev/namespace': a.namespace,
        }),
      ],
    });
    // Both teams' legitimate apps sync on their own at start-up.
    const backend = server;
    await Promise.all(
      ['billing', 'payments'].map(name =>
        waitUntil(() => appOf(backend, name), {
          description: `${name} to be Synced`,
          timeoutMs: 90_000,
          intervalMs: 250,
          until: body => body.app.syncStatus === 'Synced',
        }),
      ),
    );
  });

  afterAll(async () => {
    for (const name of [takeover, `${takeover}-lax`]) {
      await k8s.rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
    }
    await deleteTeamNamespaces();
    await loot?.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  const expectTeamBUntouched = async () => {
    const billing = await k8s.apps.readNamespacedDeployment({
      name: 'billing',
      namespace: b.namespace,
    });
    expect(billing.spec?.template.spec?.containers[0].image).toBe(
      'example.test/billing:1',
    );
    expect(billing.metadata?.annotations?.['slipway.dev/tracking-id']).toMatch(
      /^component:default\/billing@local:/,
    );
    const { app } = (
      await request(server).get(`${appPath('billing')}/apps/local`)
    ).body;
    expect(app).toMatchObject({
      syncStatus: 'Synced',
      lastRunResult: 'Succeeded',
    });
  };

  it("1. refuses a cluster takeover and a write into another team's namespace, naming each object and rule, applying nothing", async () => {
    const res = await sync('takeover');
    expect(res.ok).toBe(false);
    const message = res.app.message ?? '';
    expect(message).toContain(
      `ClusterRoleBinding ${takeover}: refused by clusterResourceAllowList: cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding is not in the clusterResourceAllowList of project 'team-a'`,
    );
    expect(message).toContain(
      `Deployment ${b.namespace}/billing: refused by destinations: namespace '${b.namespace}' on cluster 'local' is not a destination of project 'team-a'`,
    );
    // The whole sync was refused: not even the harmless object went out.
    await expect(
      k8s.core.readNamespacedConfigMap({
        name: 'innocent',
        namespace: a.namespace,
      }),
    ).rejects.toMatchObject({ code: 404 });
    await expect(
      k8s.rbac.readClusterRoleBinding({ name: takeover }),
    ).rejects.toMatchObject({ code: 404 });
    const history = await asTeamA(
      'get',
      `${appPath('takeover')}/history?cluster=local`,
    );
    expect(history.body.items[0]).toMatchObject({ result: 'Failed', message });
    await expectTeamBUntouched();
  });

  it('1b. Kubernetes RBAC is the second wall: a project that grants too much still cannot write as its ServiceAccount', async () => {
    const res = await sync('takeover-lax');
    expect(res.ok).toBe(false);
    // The project let the binding through; the API server refused it as team A's deployer.
    expect(res.app.message).toMatch(
      new RegExp(
        `User "system:serviceaccount:${a.namespace}:deployer" cannot (get|patch|create) resource "clusterrolebindings"`,
      ),
    );
    await expect(
      k8s.rbac.readClusterRoleBinding({ name: `${takeover}-lax` }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it("2. never adopts or overwrites another app's object, and tells both apps", async () => {
    const res = await sync('squatter');
    expect(res.ok).toBe(false);
    expect(res.app.message).toBe(
      `Ownership conflict, nothing applied: ConfigMap ${a.namespace}/payments-settings is owned by app 'component:default/payments@local'`,
    );
    const live = await k8s.core.readNamespacedConfigMap({
      name: 'payments-settings',
      namespace: a.namespace,
    });
    expect(live.data).toEqual({ level: 'info' });
    expect(live.metadata?.annotations?.['slipway.dev/tracking-id']).toMatch(
      /^component:default\/payments@local:/,
    );
    const audit = await asTeamA(
      'get',
      `${appPath('payments')}/audit?cluster=local`,
    );
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'conflict',
        actor: 'component:default/squatter@local',
        result: 'denied',
        message: `ConfigMap ${a.namespace}/payments-settings is this app's; app 'component:default/squatter@local' declares it too and was refused`,
      }),
    );
    // A second attempt of the same revision is not recorded twice.
    await sync('squatter');
    const again = await asTeamA(
      'get',
      `${appPath('payments')}/audit?cluster=local`,
    );
    expect(
      again.body.items.filter(
        (e: { action: string }) => e.action === 'conflict',
      ),
    ).toHaveLength(1);
  });

  it("3. never renders another repository out of Slipway's own git cache", async () => {
    const res = await sync('theft');
    expect(res.ok).toBe(false);
    expect(res.app.message).toBe(
      `kustomization.yaml: resources[0] '${cacheRepoPath}' is a file URL; name files inside the app's folder by relative path`,
    );
    await expectTeamBUntouched();
  });

  it('4. the renderers reach no network: nothing is fetched and nothing comes back in a diff', async () => {
    const res = await sync('ssrf');
    expect(res.ok).toBe(false);
    expect(res.app.message).toBe(
      `kustomization.yaml: configMapGenerator[0].files[0] '${lootUrl}' is a remote URL; vendor it into the repository`,
    );
    const detail = await asTeamA('get', `${appPath('ssrf')}/apps/local`);
    expect(JSON.stringify(detail.body)).not.toContain(LOOT);
    expect(loot.requests).toBe(0);
  });

  it('8. a YAML bomb fails its own app with the cap it hit, and other apps keep syncing', async () => {
    const aliases = await sync('bomb');
    expect(aliases.ok).toBe(false);
    expect(aliases.app.message).toMatch(
      /^aliases\.yaml line \d+: (more than 1000 aliases in one file|values expand to more than \d+ bytes)/,
    );
    const keys = await sync('bomb-keys');
    expect(keys.ok).toBe(false);
    expect(keys.app.message).toBe(
      "keys.yaml line 40005: invalid YAML: Map keys must be unique (duplicate key 'key7')",
    );
    // The backend still answers and still syncs: team A's own app and team B's.
    expect((await sync('payments')).ok).toBe(true);
    await expectTeamBUntouched();
  });

  it('7. never pushes to a repository the project does not list', async () => {
    // Never synchronous: in a lone test file the git server shares this process.
    const branch = async () =>
      (await promisify(execFile)('git', ['ls-remote', git.repoUrl(b.repo)]))
        .stdout;
    const before = await branch();
    const billingRun = (
      await asTeamA('get', `${appPath('billing')}/history?cluster=local`)
    ).body.items[0];
    const res = await asTeamA(
      'post',
      `${appPath('stolen-repo')}/apps/local/revert`,
      { runId: billingRun.id },
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /^App 'component:default\/stolen-repo@local' has invalid annotations: Refused by sourceRepos: /,
    );
    expect(await branch()).toBe(before);
  });

  it('9. writes no audit row for an app that does not exist', async () => {
    const res = await asTeamA(
      'post',
      `${appPath('billing')}/apps/not-a-cluster/sync`,
    );
    expect(res.status).toBe(404);
    const audit = await asTeamA(
      'get',
      `${appPath('billing')}/audit?cluster=not-a-cluster`,
    );
    expect(audit.body).toMatchObject({ totalCount: 0, items: [] });
  });

  it('refuses a project the owner does not belong to, and a repository the project does not list', async () => {
    const borrowed = await appOf(server, 'borrowed-project');
    expect(borrowed.app).toMatchObject({
      syncStatus: 'Invalid',
      message: `Project 'team-b' is not open to owner '${a.group}' (its owners: ${b.group})`,
    });
    const stolen = await appOf(server, 'stolen-repo');
    expect(stolen.app.syncStatus).toBe('Invalid');
    expect(stolen.app.message).toMatch(
      /^Refused by sourceRepos: repository '.*tenant-b-.*' is not in the sourceRepos of project 'team-a'$/,
    );
    for (const name of ['borrowed-project', 'stolen-repo']) {
      const res = await sync(name);
      expect(res.ok).toBe(false);
      expect(res.app.syncStatus).toBe('Invalid');
      expect(res.operation.runId).toBeUndefined();
    }
    await expectTeamBUntouched();
  });

  it("never shows team B's data in anything team A's apps answer, nor its secret in any log", () => {
    expect(seenByTeamA.length).toBeGreaterThan(5);
    for (const body of seenByTeamA) {
      expect(body).not.toContain(TEAM_B_SECRET);
      expect(body).not.toContain('billing-token');
    }
    expect(
      logs.some(line => line.includes('component:default/takeover@local')),
    ).toBe(true);
    for (const line of logs) expect(line).not.toContain(TEAM_B_SECRET);
  });
});
