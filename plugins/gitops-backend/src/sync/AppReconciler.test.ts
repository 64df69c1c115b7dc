import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { KubeConfig, AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { testGitServer, waitUntil } from '@internal/test-env';
import { AppSpec } from '../catalog/AppSpec';
import { Cluster } from '../clusters/Cluster';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DatabaseGitopsStore } from '../database/DatabaseGitopsStore';
import { RenderError } from '../render/RenderError';
import { RepoCache } from '@slipway/plugin-gitops-node';
import type { Renderer } from '@slipway/plugin-gitops-node';
import { AppReconciler } from './AppReconciler';
import { testProject } from '../__testUtils__/testProject';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const ns = `sync-${run}`;
const secretValue = 'hunter2-do-not-leak';

const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${image}${extra}
`;
const service = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
`;
const configMap = (name: string, annotations = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}${annotations}
data: { level: info }
`;
const secret = `apiVersion: v1
kind: Secret
metadata: { name: creds }
stringData: { password: ${secretValue} }
`;
const namespaceDoc = `apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
`;

/** Sets the web Deployment's image behind Slipway's back. */
const driftImage = (apps: AppsV1Api, image: string) =>
  apps.patchNamespacedDeployment({
    name: 'web',
    namespace: ns,
    body: [
      {
        op: 'replace',
        path: '/spec/template/spec/containers/0/image',
        value: image,
      },
    ],
  });

describe('AppReconciler against a real cluster and git server', () => {
  const databases = createTestDatabases();
  const git = testGitServer();
  let store: DatabaseGitopsStore;
  let cluster: Cluster;
  let reconciler: AppReconciler;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let spec: AppSpec;
  let cacheDir: string;

  beforeAll(async () => {
    ({ gitops: store } = await databases.stores());
    const repoUrl = await git.createBareRepo(`reconciler-${run}`, {
      [`apps/web/namespace.yaml`]: namespaceDoc,
      [`apps/web/deployment.yaml`]: deployment('nginx:1.27'),
      [`apps/web/service.yaml`]: service,
      [`apps/web/config.yaml`]: `${configMap('settings')}---\n${configMap(
        'keep-me',
        '\n  annotations: { slipway.dev/prune: disabled }',
      )}`,
      [`apps/web/secret.yaml`]: secret,
      'README.md': '# not a manifest',
    });
    const registry = ClusterRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          slipway: {
            clusters: [
              {
                name: 'local',
                auth: 'kubeconfig',
                kubeconfigPath: process.env.KUBECONFIG,
                namespaces: ['*'],
              },
              {
                name: 'narrow',
                auth: 'kubeconfig',
                kubeconfigPath: process.env.KUBECONFIG,
                namespaces: ['only-this'],
              },
            ],
          },
        },
      }),
    );
    cluster = registry.get('local');
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-reconciler-'));
    reconciler = new AppReconciler({
      store,
      repos: new RepoCache({ cacheDir }),
      clusters: registry,
      renderers: [],
      logger: mockServices.logger.mock(),
    });
    const kc = new KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
    spec = {
      key: `component:default/web-${run}@local`,
      entityRef: `component:default/web-${run}`,
      cluster: 'local',
      repoUrl,
      path: 'apps/web',
      namespace: ns,
      syncPolicy: 'manual',
      project: testProject(),
      prune: false,
      selfHeal: false,
    };
  });

  afterAll(async () => {
    await cluster.stop();
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  const parsed = (s: AppSpec) => ({ valid: true as const, ...s });

  it('compares a manual app without touching the cluster', async () => {
    const result = await reconciler.reconcile(parsed(spec));
    expect(result.synced).toBe(false);
    const app = await store.getApp(spec.key);
    expect(app).toMatchObject({
      syncStatus: 'OutOfSync',
      message: '6 of 6 objects differ from Git',
    });
    expect(app?.revision).toMatch(/^[0-9a-f]{40}$/);
    await expect(
      apps.readNamespacedDeployment({ name: 'web', namespace: ns }),
    ).rejects.toMatchObject({ code: 404 });
    const resources = await store.listResources(spec.key);
    expect(resources.map(r => r.id)).toEqual(
      expect.arrayContaining([
        `apps/Deployment/${ns}/web`,
        `/Service/${ns}/web`,
        `//Namespace//${ns}`.slice(1),
      ]),
    );
    const secretRow = resources.find(r => r.kind === 'Secret');
    expect(secretRow?.diff).toBeTruthy();
    for (const r of resources) {
      expect(r.diff ?? '').not.toContain(secretValue);
      expect(r.diff ?? '').not.toContain(
        Buffer.from(secretValue).toString('base64'),
      );
    }
  });

  it('syncs on request: ordered apply, ownership marker, field manager, history', async () => {
    const result = await reconciler.reconcile(parsed(spec), {
      trigger: 'manual',
      initiator: 'user:default/ada',
    });
    expect(result).toMatchObject({ synced: true, ok: true });
    const live = await apps.readNamespacedDeployment({
      name: 'web',
      namespace: ns,
    });
    expect(live.metadata?.annotations?.['slipway.dev/tracking-id']).toBe(
      `${spec.key}:apps/Deployment:${ns}/web`,
    );
    expect(live.metadata?.managedFields?.map(f => f.manager)).toContain(
      'slipway',
    );

    // The order the cluster saw: a resourceVersion is etcd's revision at the
    // object's last write, and no controller writes any of these afterwards
    // but the Deployment's, which comes last anyway.
    const inApplyOrder = await Promise.all([
      core.readNamespace({ name: ns }),
      core.readNamespacedSecret({ name: 'creds', namespace: ns }),
      core.readNamespacedConfigMap({ name: 'keep-me', namespace: ns }),
      core.readNamespacedConfigMap({ name: 'settings', namespace: ns }),
      core.readNamespacedService({ name: 'web', namespace: ns }),
      apps.readNamespacedDeployment({ name: 'web', namespace: ns }),
    ]);
    const label = (o: (typeof inApplyOrder)[number]) =>
      `${o.kind} ${o.metadata!.name}`;
    const version = (o: (typeof inApplyOrder)[number]) =>
      Number(o.metadata!.resourceVersion);
    expect(
      [...inApplyOrder].sort((a, b) => version(a) - version(b)).map(label),
    ).toEqual(inApplyOrder.map(label));

    const runs = await store.listRuns(spec.key, { offset: 0, limit: 10 });
    expect(runs.items[0]).toMatchObject({
      result: 'Succeeded',
      trigger: 'manual',
      initiator: 'user:default/ada',
      commitMessage: expect.any(String),
    });
    const done = await store.listRunResources(runs.items[0].id);
    expect(done.map(r => r.result)).toEqual(Array(6).fill('Created'));
    expect((await store.getApp(spec.key))?.syncStatus).toBe('Synced');
    expect((await store.getAppState(spec.key)).inventory).toHaveLength(6);
  });

  it('turns Healthy once the Deployment is available', async () => {
    await waitUntil(
      async () => {
        await reconciler.reconcile(parsed(spec));
        return (await store.getApp(spec.key))!.healthStatus;
      },
      {
        description: 'the app to turn Healthy',
        timeoutMs: 60_000,
        intervalMs: 500,
        until: health => health === 'Healthy',
      },
    );
    const tree = await store.listResources(spec.key);
    const rs = tree.find(r => r.kind === 'ReplicaSet');
    expect(rs?.parentId).toBe(`apps/Deployment/${ns}/web`);
    expect(
      tree.filter(r => r.kind === 'Pod' && r.parentId === rs?.id),
    ).toHaveLength(2);
  });

  it('makes no API request when nothing changed', async () => {
    await reconciler.reconcile(parsed(spec));
    const before = cluster.requests;
    const listsBefore = cluster.watchCache.listCalls;
    await reconciler.reconcile(parsed(spec));
    expect(cluster.requests).toBe(before);
    expect(cluster.watchCache.listCalls).toBe(listsBefore);
  });

  it('prunes what left Git, but only objects still marked as its own and not prune-disabled', async () => {
    await git.commit(
      `reconciler-${run}`,
      {
        'apps/web/config.yaml': null,
        'apps/web/deployment.yaml': deployment('nginx:1.28'),
      },
      'Drop the settings, bump nginx',
    );
    await reconciler.reconcile(parsed(spec));
    expect((await store.getApp(spec.key))?.commitMessage).toBe(
      'Drop the settings, bump nginx',
    );

    // Without prune the stale object stays, and the run says why.
    await reconciler.reconcile(parsed(spec), { trigger: 'manual' });
    const kept = await store.listRuns(spec.key, { offset: 0, limit: 1 });
    expect(await store.listRunResources(kept.items[0].id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'web',
          kind: 'Deployment',
          result: 'Configured',
        }),
        expect.objectContaining({
          name: 'settings',
          result: 'PruneSkipped',
          message: 'prune not enabled for this sync',
        }),
      ]),
    );
    await core.readNamespacedConfigMap({ name: 'settings', namespace: ns });

    await reconciler.reconcile(parsed(spec), {
      trigger: 'manual',
      prune: true,
    });
    const runs = await store.listRuns(spec.key, { offset: 0, limit: 1 });
    const results = await store.listRunResources(runs.items[0].id);
    expect(results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'web',
          kind: 'Deployment',
          result: 'Unchanged',
        }),
        expect.objectContaining({ name: 'settings', result: 'Pruned' }),
        expect.objectContaining({
          name: 'keep-me',
          result: 'PruneSkipped',
          message: 'annotated prune-disabled',
        }),
      ]),
    );
    await expect(
      core.readNamespacedConfigMap({ name: 'settings', namespace: ns }),
    ).rejects.toMatchObject({ code: 404 });
    await core.readNamespacedConfigMap({ name: 'keep-me', namespace: ns });
    const live = await apps.readNamespacedDeployment({
      name: 'web',
      namespace: ns,
    });
    expect(live.spec?.template.spec?.containers[0].image).toBe('nginx:1.28');
  });

  it('auto-syncs once per revision, then self-heals later drift', async () => {
    const auto = { ...spec, syncPolicy: 'auto' as const, selfHeal: true };
    // Each reconcile acts on the drift once the watch cache has seen it.
    const healedImage = () =>
      waitUntil(
        async () => {
          await reconciler.reconcile(parsed(auto));
          return (
            await apps.readNamespacedDeployment({ name: 'web', namespace: ns })
          ).spec!.template.spec!.containers[0].image!;
        },
        {
          description: 'self-heal to restore nginx:1.28',
          timeoutMs: 30_000,
          intervalMs: 250,
          until: image => image === 'nginx:1.28',
        },
      );

    // The first sync of this revision under the auto policy is an auto-sync.
    await driftImage(apps, 'nginx:drifted-1');
    expect(await healedImage()).toBe('nginx:1.28');
    // Drift of an already auto-synced revision is only undone by self-heal.
    await driftImage(apps, 'nginx:drifted-2');
    expect(await healedImage()).toBe('nginx:1.28');
    const runs = await store.listRuns(spec.key, { offset: 0, limit: 2 });
    expect(runs.items.map(r => r.trigger)).toEqual(['self-heal', 'auto']);

    // Without self-heal the drift stays, reported as OutOfSync.
    await driftImage(apps, 'nginx:drifted-3');
    await waitUntil(
      async () => {
        await reconciler.reconcile(parsed({ ...auto, selfHeal: false }));
        return (await store.getApp(spec.key))!.syncStatus;
      },
      {
        description: 'the drift to show as OutOfSync',
        timeoutMs: 30_000,
        intervalMs: 250,
        until: status => status === 'OutOfSync',
      },
    );
    const drifted = (await store.listResources(spec.key)).find(
      r => r.kind === 'Deployment',
    );
    expect(drifted).toMatchObject({ syncStatus: 'OutOfSync' });
    expect(drifted?.diff).toMatch(
      /-\s+image: nginx:drifted-3\n\+\s+image: nginx:1\.28/,
    );
    expect(
      (await store.listRuns(spec.key, { offset: 0, limit: 1 })).items[0]
        .trigger,
    ).toBe('self-heal');
    await reconciler.reconcile(parsed(spec), { trigger: 'manual' });
  });

  it('leaves drift seen within the self-heal grace after a sync for later', async () => {
    const auto = { ...spec, syncPolicy: 'auto' as const, selfHeal: true };
    const withGrace = (selfHealGraceMs: number) =>
      new AppReconciler({
        store,
        repos: new RepoCache({ cacheDir }),
        clusters: { get: () => cluster },
        renderers: [],
        logger: mockServices.logger.mock(),
        selfHealGraceMs,
      });
    const patient = withGrace(600_000);
    const eager = withGrace(0);
    const image = async () =>
      (await apps.readNamespacedDeployment({ name: 'web', namespace: ns }))
        .spec!.template.spec!.containers[0].image!;
    const heal = (by: AppReconciler) =>
      waitUntil(
        async () => {
          await by.reconcile(parsed(auto));
          return image();
        },
        {
          description: 'the drift to be undone',
          timeoutMs: 30_000,
          intervalMs: 250,
          until: current => current === 'nginx:1.28',
        },
      );
    // A sync just now (an auto-sync of this revision, or self-heal after it).
    await driftImage(apps, 'nginx:drifted-early');
    await heal(eager);
    const { totalCount } = await store.listRuns(spec.key, {
      offset: 0,
      limit: 1,
    });

    await driftImage(apps, 'nginx:drifted-late');
    const deferred = await waitUntil(() => patient.reconcile(parsed(auto)), {
      description: 'the drift to be seen',
      timeoutMs: 30_000,
      intervalMs: 250,
      until: result => result.recheckInMs !== undefined,
    });
    expect(deferred).toMatchObject({ synced: false, ok: true });
    expect(deferred.recheckInMs).toBeGreaterThan(500_000);
    expect(await image()).toBe('nginx:drifted-late');
    expect(
      (await store.listRuns(spec.key, { offset: 0, limit: 1 })).totalCount,
    ).toBe(totalCount);

    // Once the last sync is older than the grace, self-heal acts.
    await heal(eager);
    expect(
      (await store.listRuns(spec.key, { offset: 0, limit: 1 })).items[0]
        .trigger,
    ).toBe('self-heal');
  });

  it('refuses a namespace outside the cluster allow-list, with a message, and stops nothing else', async () => {
    const narrow = {
      ...spec,
      key: `${spec.entityRef}@narrow`,
      cluster: 'narrow',
    };
    await reconciler.reconcile(parsed(narrow), { trigger: 'manual' });
    const app = await store.getApp(narrow.key);
    expect(app?.syncStatus).toBe('Unknown');
    expect(app?.message).toContain(
      `Namespace '${ns}' is not allowed on cluster 'narrow' (allowed: only-this)`,
    );
    expect((await store.getApp(spec.key))?.syncStatus).toBe('Synced');
  });

  it('reports an unreachable repository on the app', async () => {
    const broken = {
      ...spec,
      key: `${spec.entityRef}@broken`,
      repoUrl: `${git.url}/does-not-exist.git`,
    };
    await reconciler.reconcile(parsed(broken));
    const app = await store.getApp(broken.key);
    expect(app?.syncStatus).toBe('Unknown');
    expect(app?.message).toMatch(/does-not-exist/);
  });

  it('remembers a render that failed for good, so a hostile commit costs one render, not one per reconcile', async () => {
    let renders = 0;
    const hostile: Renderer = {
      name: 'counting',
      detect: files => files.includes('hostile.yaml'),
      render: async () => {
        renders++;
        throw new RenderError('hostile.yaml: too many nodes');
      },
    };
    const repoUrl = await git.createBareRepo(`hostile-${run}`, {
      'hostile.yaml': 'a: 1\n',
    });
    const counting = new AppReconciler({
      store,
      repos: new RepoCache({ cacheDir }),
      clusters: { get: () => cluster },
      renderers: [hostile],
      logger: mockServices.logger.mock(),
    });
    const app = {
      ...spec,
      key: `${spec.entityRef}@hostile`,
      repoUrl,
      path: '',
    };
    for (let i = 0; i < 3; i++) await counting.reconcile(parsed(app));
    expect(renders).toBe(1);
    expect((await store.getApp(app.key))?.message).toBe(
      'hostile.yaml: too many nodes',
    );
    await git.commit(
      `hostile-${run}`,
      { 'hostile.yaml': 'a: 2\n' },
      'A new commit renders again',
    );
    await counting.reconcile(parsed(app), { trigger: 'manual' });
    expect(renders).toBe(2);
  });

  it('prunes two kinds of the same name from different API groups, each under its own id', async () => {
    const groups = [`a-${run}.slipway.test`, `b-${run}.slipway.test`];
    const gwNs = `${ns}-gw`;
    const crd = (group: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gateways.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: Gateway, plural: gateways, singular: gateway }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
    const gateway = (group: string) =>
      `apiVersion: ${group}/v1\nkind: Gateway\nmetadata: { name: edge }\nspec: { port: 80 }\n`;
    const repo = `gateways-${run}`;
    const repoUrl = await git.createBareRepo(repo, {
      'namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${gwNs} }\n`,
      'crds.yaml': groups.map(crd).join('---\n'),
    });
    const app = {
      ...spec,
      key: `${spec.entityRef}@gateways`,
      repoUrl,
      path: '',
      namespace: gwNs,
    };
    try {
      expect(
        (await reconciler.reconcile(parsed(app), { trigger: 'manual' })).ok,
      ).toBe(true);
      await git.commit(
        repo,
        { 'gateways.yaml': groups.map(gateway).join('---\n') },
        'Two gateways',
      );
      expect(
        (await reconciler.reconcile(parsed(app), { trigger: 'manual' })).ok,
      ).toBe(true);
      await git.commit(repo, { 'gateways.yaml': null }, 'Drop both gateways');
      const pruned = await reconciler.reconcile(parsed(app), {
        trigger: 'manual',
        prune: true,
      });
      expect(pruned.ok).toBe(true);
      const results = await store.listRunResources(pruned.runId!);
      expect(
        results
          .filter(r => r.result === 'Pruned')
          .map(r => r.id)
          .sort(),
      ).toEqual(groups.map(g => `${g}/Gateway/${gwNs}/edge`));
    } finally {
      await core.deleteNamespace({ name: gwNs }).catch(() => undefined);
      for (const group of groups) {
        await cluster.delete({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          name: `gateways.${group}`,
        });
      }
    }
  });
});
