import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import gitopsPlugin from '@slipway/plugin-gitops-backend';
import gitHttpUrlReaderServiceFactory from '@slipway/plugin-gitops-backend-module-git-url-reader';
import scaffolderModuleGitops from '@slipway/plugin-scaffolder-backend-module-gitops';
import {
  ensureRoutingCrds,
  startPrometheus,
  startTrafficSimulator,
  testGitServer,
  waitUntil,
  type Prometheus,
  type TrafficSimulator,
} from '@internal/test-env';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogUserInfoServiceFactory } from './permissions/__testUtils__/catalogUserInfoServiceFactory';
import { onBehalfOfHttpAuthServiceFactory } from './permissions/__testUtils__/onBehalfOfHttpAuthServiceFactory';
import slipwayPolicyModule from './permissions/module';
import { gitCommits, gitShow } from './__testUtils__/bareRepo';

// Issue 8's end-to-end test: the canary-service template runs through the
// scaffolder API of a backend made of the portal's real plugins (catalog,
// scaffolder with Slipway's actions, permissions with Slipway's policy,
// gitops) against the local git server and control plane.

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../..');
const git = testGitServer();
const kubeconfigPath = process.env.KUBECONFIG!;
const guest = mockCredentials.user.header('user:default/guest');
const suffix = randomBytes(3).toString('hex');
const namespace = `scaffold-${suffix}`;
const gitHost = new URL(git.url).host;
const lockedGitHost = new URL(git.authUrl).host;

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

async function startPortal(
  cacheDir: string,
  metricsServer: string,
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      permissionPlugin,
      slipwayPolicyModule,
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      scaffolderModuleGitops,
      gitopsPlugin,
      // The real scheduler: Slipway reads the catalog on it periodically.
      schedulerServiceFactory,
      // The real urlReader, with Slipway's reader for plain git servers.
      urlReaderServiceFactory,
      gitHttpUrlReaderServiceFactory,
      catalogUserInfoServiceFactory,
      onBehalfOfHttpAuthServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          catalog: {
            rules: [
              { allow: ['Component', 'User', 'Group', 'Template', 'Location'] },
            ],
            locations: [
              {
                type: 'file',
                target: path.join(repoRoot, 'examples/org.yaml'),
              },
              {
                type: 'file',
                target: path.join(
                  repoRoot,
                  'examples/templates/canary-service/template.yaml',
                ),
              },
            ],
          },
          slipway: {
            clusters: [
              {
                name: 'local',
                auth: 'kubeconfig',
                kubeconfigPath,
                namespaces: [namespace],
              },
            ],
            sync: {
              intervalSeconds: 2,
              jitterSeconds: 0,
              catalogRefreshSeconds: 1,
            },
            // Short analysis intervals keep the canary step of the test quick.
            rollouts: { metricsServer, minIntervalSeconds: 1 },
            cacheDir,
            // The template's entities default to this project; platform is
            // an owner too, so a guest naming it is refused as a non-member.
            projects: [
              {
                name: 'payments',
                owners: [
                  'group:default/payments-team',
                  'group:default/platform',
                ],
                sourceRepos: ['**'],
                destinations: [{ cluster: 'local', namespaces: [namespace] }],
                outboundHosts: ['127.0.0.1:*', 'localhost:*'],
              },
            ],
            defaultProject: 'payments',
            gitReader: { allowedHosts: [gitHost, lockedGitHost] },
            // Wrong on purpose: the failure case pushes to the locked server.
            gitCredentials: [
              { host: lockedGitHost, username: 'slipway', password: 'wrong' },
            ],
          },
        },
      }),
    ],
  });
  return server;
}

/** What the Create page posts for the canary-service template. */
function templateValues(name: string, repoUrl: string, gitopsRepoUrl: string) {
  return {
    name,
    description: 'Scaffolded by the end-to-end test',
    owner: 'group:default/payments-team',
    project: 'payments',
    repoUrl,
    gitopsRepoUrl,
    clusters: ['local'],
    namespace,
    image: 'ghcr.io/stefanprodan/podinfo:6.7.0',
    port: 9898,
    provider: 'istio',
    strategy: 'canary',
    interval: '3s',
    threshold: 5,
    maxWeight: 30,
    stepWeight: 10,
    successRate: 99,
    latencyMs: 500,
    loadTest: false,
  };
}

interface TaskEvent {
  type: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    output?: Record<string, any>;
  };
}

/** The portal's background work (tasks, catalog, sync, canary) runs for minutes on a busy machine. */
const slow = { timeoutMs: 150_000, intervalMs: 250 };

/** Posts the task as the guest user and polls until it ends; returns its status and events. */
async function runTemplate(server: Server, values: Record<string, unknown>) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', guest)
    .send({ templateRef: 'template:default/canary-service', values });
  expect(created.status).toBe(201);
  const taskId: string = created.body.id;
  const status = await waitUntil(
    async () =>
      (
        await request(server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set('Authorization', guest)
      ).body.status as string,
    {
      ...slow,
      description: `task ${taskId} to end`,
      until: s => ['completed', 'failed', 'cancelled'].includes(s),
    },
  );
  const events = await request(server)
    .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
    .set('Authorization', guest);
  const list = events.body as TaskEvent[];
  return {
    status,
    log: list.filter(e => e.type === 'log').map(e => e.body.message ?? ''),
    output: list.find(e => e.type === 'completion')?.body.output ?? {},
  };
}

/** Waits until an entity shows up (the catalog processes in the background). */
async function catalogEntity(server: Server, kind: string, name: string) {
  return waitUntil(
    async () => {
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
        .set('Authorization', guest);
      return res.status === 200 ? (res.body as any) : undefined;
    },
    { ...slow, description: `${kind} ${name} in the catalog` },
  );
}

/**
 * The seam for the canary step: commits a new image for the scaffolded
 * service to the GitOps repository, the change that starts a rollout.
 * Returns the new commit's SHA.
 */
async function commitNewImage(
  gitopsRepo: string,
  service: string,
  image: string,
): Promise<string> {
  const file = `apps/${service}/local/deployment.yaml`;
  const current = await gitShow(gitopsRepo, `main:${file}`);
  const changed = current.replace(/image: .*/, `image: ${image}`);
  return git.commit(gitopsRepo, { [file]: changed }, `${service}: ${image}`);
}

function kubeConfig() {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}
const core = () => kubeConfig().makeApiClient(CoreV1Api);
const appsApi = () => kubeConfig().makeApiClient(AppsV1Api);

describe('the canary-service template through the scaffolder API', () => {
  let server: Server;
  let cacheDir: string;
  let simulator: TrafficSimulator;
  let prometheus: Prometheus;

  beforeAll(async () => {
    // The template's default router is Istio: the engine writes VirtualServices.
    await ensureRoutingCrds(kubeconfigPath);
    await core().createNamespace({ body: { metadata: { name: namespace } } });
    cacheDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'slipway-scaffold-e2e-'),
    );
    // Traffic to the scaffolded service, split by the VirtualService the
    // rollout engine writes, and the Prometheus its analysis queries.
    simulator = await startTrafficSimulator({
      apps: [
        { name: `shop-${suffix}`, namespace, routing: { provider: 'istio' } },
      ],
      kubeconfigPath,
      tickIntervalMs: 250,
    });
    prometheus = await startPrometheus({
      scrapeTargets: [simulator.scrapeTarget],
    });
    server = await startPortal(cacheDir, prometheus.url);
    await catalogEntity(server, 'template', 'canary-service');
  });

  afterAll(async () => {
    await simulator?.close();
    await prometheus?.close();
    await core()
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('publishes the service, commits its manifests and canary, registers it, it turns Synced and Healthy, and a later image change runs as a canary to promotion', async () => {
    const name = `shop-${suffix}`;
    const serviceRepo = `svc-${suffix}`;
    const gitopsRepo = `gitops-${suffix}`;
    await git.createBareRepo(serviceRepo);
    await git.createBareRepo(gitopsRepo, { 'README.md': '# GitOps\n' });

    const task = await runTemplate(
      server,
      templateValues(name, git.repoUrl(serviceRepo), git.repoUrl(gitopsRepo)),
    );
    expect({
      status: task.status,
      log: task.status === 'completed' ? [] : task.log,
    }).toEqual({
      status: 'completed',
      log: [],
    });

    // The service repository got the skeleton, rendered.
    const catalogInfo = await gitShow(serviceRepo, 'main:catalog-info.yaml');
    expect(catalogInfo).toContain(
      `slipway.dev/repo: "${git.repoUrl(gitopsRepo)}"`,
    );
    expect(catalogInfo).toContain('slipway.dev/project: "payments"\nspec:');
    expect(await gitShow(serviceRepo, 'main:Dockerfile')).toBeTruthy();

    // The GitOps repository got one commit with the manifests and the canary.
    const commits = await gitCommits(gitopsRepo, 'main');
    expect(commits.map(c => c.subject)).toEqual([
      `Deliver ${name} with Slipway`,
      'Initial commit',
    ]);
    expect(task.output.text?.[0]?.content).toContain(commits[0].sha);
    const appDir = `apps/${name}/local`;
    for (const file of ['deployment.yaml', 'service.yaml', 'hpa.yaml']) {
      expect(await gitShow(gitopsRepo, `main:${appDir}/${file}`)).toContain(
        `name: ${name}`,
      );
    }
    const canary = await gitShow(gitopsRepo, `main:${appDir}/canary.yaml`);
    expect(canary).toContain('kind: Canary');
    expect(canary).toContain('provider: istio');

    // The entity is in the catalog, with the links the template outputs.
    const entity = await catalogEntity(server, 'component', name);
    expect(entity.metadata.annotations).toMatchObject({
      'slipway.dev/clusters': 'local',
      'slipway.dev/canary': name,
      'slipway.dev/path': `apps/${name}/{cluster}`,
    });
    expect(entity.spec.owner).toBe('group:default/payments-team');
    expect(task.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entityRef: `component:default/${name}` }),
      ]),
    );

    // gitops:app:wait finished, so the app is Synced and Healthy at that commit.
    const apps = await request(server)
      .get(`/api/gitops/entities/default/component/${name}/apps`)
      .set('Authorization', guest);
    expect(apps.body.items).toEqual([
      expect.objectContaining({
        cluster: 'local',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: commits[0].sha,
      }),
    ]);

    // The rollout engine read the template's canary document without complaint.
    const rollouts = await request(server)
      .get(`/api/gitops/entities/default/component/${name}/apps/local/rollouts`)
      .set('Authorization', guest);
    expect(rollouts.body.items).toEqual([
      expect.objectContaining({
        name,
        kind: 'Canary',
        provider: 'istio',
        strategy: 'canary',
        targetRef: expect.objectContaining({ kind: 'Deployment', name }),
        errors: [],
      }),
    ]);
    expect(rollouts.body.items[0].analysis).toMatchObject({
      threshold: 5,
      weights: [10, 20, 30],
      metrics: ['request-success-rate', 'request-duration'],
    });

    // The rollout engine takes the new service over: primary, services, route.
    const rolloutsUrl = `/api/gitops/entities/default/component/${name}/apps/local/rollouts`;
    const rollout = async () =>
      (await request(server).get(rolloutsUrl).set('Authorization', guest)).body
        .items?.[0];
    await waitUntil(rollout, {
      ...slow,
      description: 'the rollout to be Initialized',
      until: r => r?.status?.phase === 'Initialized',
    });

    // A later image change reaches the cluster: the engine syncs the new
    // commit and applies the new pod template to the canary target.
    const image = 'ghcr.io/stefanprodan/podinfo:6.7.1';
    const sha = await commitNewImage(gitopsRepo, name, image);
    await waitUntil(
      async () =>
        (
          await request(server)
            .get(`/api/gitops/entities/default/component/${name}/apps`)
            .set('Authorization', guest)
        ).body.items?.[0],
      {
        ...slow,
        description: `the app to be Synced at ${sha}`,
        until: app => app?.revision === sha && app.syncStatus === 'Synced',
      },
    );
    await waitUntil(
      () => appsApi().readNamespacedDeployment({ name, namespace }),
      {
        ...slow,
        description: `the canary target to run ${image}`,
        until: live => live.spec?.template.spec?.containers[0].image === image,
      },
    );
    // ... and it runs as a canary, step by step, to promotion.
    const promoted = await waitUntil(rollout, {
      ...slow,
      description: 'the rollout to succeed',
      until: r => r?.status?.phase === 'Succeeded',
    });
    expect(promoted.status.lastPromotedSpec).toBe(
      promoted.status.lastAppliedSpec,
    );
    const runs = await request(server)
      .get(`${rolloutsUrl}/${name}/runs`)
      .set('Authorization', guest);
    expect(runs.body.items).toEqual([
      expect.objectContaining({
        result: 'Succeeded',
        commit: sha,
        strategy: 'canary',
      }),
    ]);
    const details = await request(server)
      .get(`${rolloutsUrl}/${name}/runs/${runs.body.items[0].id}`)
      .set('Authorization', guest);
    const messages: string[] = details.body.events.map(
      (e: { message: string }) => e.message,
    );
    const id = `${name}.${namespace}`;
    expect(
      messages.filter(m => /^(Advance|Copying|Promotion)/.test(m)),
    ).toEqual([
      `Advance ${id} canary weight 10`,
      `Advance ${id} canary weight 20`,
      `Advance ${id} canary weight 30`,
      `Copying ${id} template spec to ${name}-primary.${namespace}`,
      `Promotion completed! Scaling down ${id}`,
    ]);
    expect(
      details.body.checks.some(
        (c: { name: string; passed: boolean }) =>
          c.name === 'request-success-rate' && c.passed,
      ),
    ).toBe(true);
    const primary = await appsApi().readNamespacedDeployment({
      name: `${name}-primary`,
      namespace,
    });
    expect(primary.spec?.template.spec?.containers[0].image).toBe(image);
  });

  it('refuses gitops:app:create in the name of a group the initiator is not in, and writes nothing to the GitOps repository', async () => {
    const name = `intruder-${suffix}`;
    const serviceRepo = `svc-intruder-${suffix}`;
    const gitopsRepo = `gitops-intruder-${suffix}`;
    await git.createBareRepo(serviceRepo);
    await git.createBareRepo(gitopsRepo, { 'README.md': '# GitOps\n' });
    const before = await gitCommits(gitopsRepo, 'main');

    const task = await runTemplate(server, {
      ...templateValues(
        name,
        git.repoUrl(serviceRepo),
        git.repoUrl(gitopsRepo),
      ),
      owner: 'group:default/platform',
    });

    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain(
      "'user:default/guest' is not a member of 'group:default/platform', the owner of the new app",
    );
    expect(await gitCommits(gitopsRepo, 'main')).toEqual(before);
    const entity = await request(server)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set('Authorization', guest);
    expect(entity.status).toBe(404);
  });

  it('fails at publish with a clear message when the git credentials are wrong, and pushes nothing', async () => {
    const name = `locked-${suffix}`;
    const serviceRepo = `svc-locked-${suffix}`;
    const gitopsRepo = `gitops-locked-${suffix}`;
    await git.createBareRepo(serviceRepo);
    await git.createBareRepo(gitopsRepo, { 'README.md': '# GitOps\n' });
    const before = await gitCommits(gitopsRepo, 'main');

    const task = await runTemplate(
      server,
      templateValues(
        name,
        `${git.authUrl}/${serviceRepo}.git`,
        `${git.authUrl}/${gitopsRepo}.git`,
      ),
    );

    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain(
      `Authentication failed for git repository ${git.authUrl}/${serviceRepo}.git (HTTP 401): check the credentials configured for this host in integrations or slipway.gitCredentials`,
    );
    expect(await gitCommits(serviceRepo, 'main').catch(() => [])).toEqual([]);
    expect(await gitCommits(gitopsRepo, 'main')).toEqual(before);
    const entity = await request(server)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set('Authorization', guest);
    expect(entity.status).toBe(404);
  });
});
