import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { testGitServer } from '@internal/test-env';
import { BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { AppSpec } from '../catalog/AppSpec';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DatabaseGitopsStore } from '../database/DatabaseGitopsStore';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { writeRawCommit } from '@internal/test-env/src/writeRawCommit';
import { AppReconciler } from './AppReconciler';
import { testProject } from '../__testUtils__/testProject';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const ns = `e2e-${run}`;
const repoName = `e2e-${run}`;
const hostileRepo = `hostile-${run}`;

const configMap = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}${extra}\ndata: { level: info }\n`;
const hookAnnotation = (phase: string) => `\n  annotations: { slipway.dev/hook: ${phase} }`;
// KWOK runs a Job's pod to completion, and the Job controller marks the Job Complete.
const job = (name: string, phase: string, podSpec = '', jobSpec = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  annotations: { slipway.dev/hook: ${phase} }
spec:
  backoffLimit: 0${jobSpec}
  template:
    spec:
      restartPolicy: Never${podSpec}
      containers: [{ name: main, image: busybox }]
`;
// No node matches, so the pod never runs and the deadline fails the Job.
const unschedulable = `\n      nodeSelector: { slipway.dev/no-such-node: 'true' }`;
const deploymentWithoutSelector = `apiVersion: apps/v1
kind: Deployment
metadata: { name: no-selector }
spec:
  template:
    metadata: { labels: { app: x } }
    spec:
      containers: [{ name: x, image: nginx }]
`;
const invalidYaml = `apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data:
  level: [info
`;

describe('AppReconciler end to end: failures, hooks, prune guard, hostile sources', () => {
  const databases = createTestDatabases();
  const git = testGitServer();
  let store: DatabaseGitopsStore;
  let registry: ClusterRegistry;
  let reconciler: AppReconciler;
  let core: CoreV1Api;
  let batch: BatchV1Api;
  let cacheDir: string;
  let repoUrl: string;

  const app = (folder: string, url = repoUrl): AppSpec & { valid: true } => ({
    valid: true,
    key: `component:default/${folder}-${run}@local`,
    entityRef: `component:default/${folder}-${run}`,
    cluster: 'local',
    repoUrl: url,
    path: `apps/${folder}`,
    namespace: ns,
    syncPolicy: 'manual',
    project: testProject(),
    prune: false,
    selfHeal: false,
  });
  const lastRun = async (key: string) => {
    const [latest] = (await store.listRuns(key, { offset: 0, limit: 1 })).items;
    return { ...latest, resources: await store.listRunResources(latest.id) };
  };

  beforeAll(async () => {
    ({ gitops: store } = await databases.stores());
    registry = ClusterRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          slipway: {
            clusters: [{ name: 'local', auth: 'kubeconfig', kubeconfigPath: process.env.KUBECONFIG, namespaces: ['*'] }],
          },
        },
      }),
    );
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-e2e-'));
    reconciler = new AppReconciler({
      store,
      repos: new RepoCache({ cacheDir, treeLimits: { maxFileBytes: 64 * 1024 } }),
      clusters: registry,
      renderers: [],
      logger: mockServices.logger.mock(),
    });
    const kc = new KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    core = kc.makeApiClient(CoreV1Api);
    batch = kc.makeApiClient(BatchV1Api);
    await core.createNamespace({ body: { metadata: { name: ns } } });
    repoUrl = await git.createBareRepo(repoName, {
      'apps/good/cm.yaml': configMap('good'),
      'apps/bad-yaml/cm.yaml': invalidYaml,
      'apps/bad-api/deployment.yaml': deploymentWithoutSelector,
      'apps/bad-api/cm.yaml': configMap('bad-api-settings'),
      'apps/hooks/presync.yaml': job('migrate', 'PreSync'),
      'apps/hooks/cm.yaml': configMap('hooked'),
      'apps/hooks/postsync.yaml': job('smoke-test', 'PostSync'),
      'apps/failing-hook/presync.yaml': job('doomed', 'PreSync', unschedulable, '\n  activeDeadlineSeconds: 1'),
      'apps/failing-hook/syncfail.yaml': configMap('sync-failed-marker', hookAnnotation('SyncFail')),
      'apps/failing-hook/cm.yaml': configMap('never-applied'),
      'apps/empty/cm.yaml': configMap('short-lived'),
      'apps/empty/README.md': 'kept so that the folder stays',
    });
  });

  afterAll(async () => {
    await registry.stop();
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('fails the run of an app with invalid YAML, naming file and line, while another app on the repo syncs', async () => {
    const result = await reconciler.reconcile(app('bad-yaml'), { trigger: 'manual' });
    expect(result).toMatchObject({ ok: false, runId: expect.any(Number) });
    const status = await store.getApp(app('bad-yaml').key);
    expect(status?.syncStatus).toBe('Unknown');
    // An unclosed flow sequence is reported on the last line with content, where it opened.
    expect(status?.message).toBe(
      'cm.yaml line 6: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    expect(await lastRun(app('bad-yaml').key)).toMatchObject({ result: 'Failed', message: status?.message });

    expect(await reconciler.reconcile(app('good'), { trigger: 'manual' })).toMatchObject({ ok: true });
    expect((await store.getApp(app('good').key))?.syncStatus).toBe('Synced');
  });

  it('fails the run of an app with an object the API server rejects, with its reason, and applies nothing', async () => {
    const result = await reconciler.reconcile(app('bad-api'), { trigger: 'manual' });
    expect(result.ok).toBe(false);
    const status = await store.getApp(app('bad-api').key);
    expect(status?.message).toContain('no-selector');
    expect(status?.message).toContain('spec.selector: Required value');
    expect(await lastRun(app('bad-api').key)).toMatchObject({ result: 'Failed', message: status?.message });
    await expect(core.readNamespacedConfigMap({ name: 'bad-api-settings', namespace: ns })).rejects.toMatchObject({
      code: 404,
    });

    // The healthy app on the same repository keeps syncing new commits.
    await git.commit(repoName, { 'apps/good/cm.yaml': configMap('good', '\n  labels: { v: "2" }') }, 'Label good');
    expect(await reconciler.reconcile(app('good'), { trigger: 'manual' })).toMatchObject({ ok: true });
    const live = await core.readNamespacedConfigMap({ name: 'good', namespace: ns });
    expect(live.metadata?.labels?.v).toBe('2');
  });

  it('runs a PreSync Job to completion before the manifests and a PostSync Job after them', async () => {
    const result = await reconciler.reconcile(app('hooks'), { trigger: 'manual' });
    expect(result.ok).toBe(true);
    const { resources } = await lastRun(app('hooks').key);
    expect(resources.map(r => [r.kind, r.name, r.result])).toEqual(
      expect.arrayContaining([
        ['Job', 'migrate', 'Created'],
        ['ConfigMap', 'hooked', 'Created'],
        ['Job', 'smoke-test', 'Created'],
      ]),
    );
    expect(resources.find(r => r.name === 'migrate')?.message).toBe('PreSync hook: Reached expected number of succeeded pods');
    expect(resources.find(r => r.name === 'smoke-test')?.message).toBe('PostSync hook: Reached expected number of succeeded pods');
    // The Jobs really completed in the cluster (KWOK ran their pods).
    for (const name of ['migrate', 'smoke-test']) {
      const live = await batch.readNamespacedJob({ name, namespace: ns });
      expect(live.status?.conditions?.find(c => c.type === 'Complete')?.status).toBe('True');
    }
    // Order (run resources are stored by id, so read it from the cluster):
    // PreSync done → manifests created → PostSync created.
    const migrate = await batch.readNamespacedJob({ name: 'migrate', namespace: ns });
    const hooked = await core.readNamespacedConfigMap({ name: 'hooked', namespace: ns });
    const smoke = await batch.readNamespacedJob({ name: 'smoke-test', namespace: ns });
    const time = (t?: Date | string) => new Date(t!).getTime();
    expect(time(migrate.status?.completionTime)).toBeLessThanOrEqual(time(hooked.metadata?.creationTimestamp));
    expect(time(hooked.metadata?.creationTimestamp)).toBeLessThanOrEqual(time(smoke.metadata?.creationTimestamp));
  });

  it('fails the run when a PreSync hook fails, applies nothing else, and runs SyncFail hooks', async () => {
    const result = await reconciler.reconcile(app('failing-hook'), { trigger: 'manual' });
    expect(result.ok).toBe(false);
    const latest = await lastRun(app('failing-hook').key);
    expect(latest.result).toBe('Failed');
    expect(latest.message).toMatch(/^PreSync hook Job .*doomed failed: .*deadline/i);
    expect(latest.resources.map(r => [r.name, r.result])).toEqual(
      expect.arrayContaining([
        ['doomed', 'Failed'],
        ['sync-failed-marker', 'Created'],
      ]),
    );
    expect(latest.resources).toHaveLength(2);
    await core.readNamespacedConfigMap({ name: 'sync-failed-marker', namespace: ns });
    await expect(core.readNamespacedConfigMap({ name: 'never-applied', namespace: ns })).rejects.toMatchObject({
      code: 404,
    });
  });

  it('refuses to prune every object unless allowEmpty is set', async () => {
    const empty = app('empty');
    expect(await reconciler.reconcile(empty, { trigger: 'manual', prune: true })).toMatchObject({ ok: true });
    await git.commit(repoName, { 'apps/empty/cm.yaml': null }, 'Remove every manifest');

    expect(await reconciler.reconcile(empty, { trigger: 'manual', prune: true })).toMatchObject({ ok: false });
    expect((await lastRun(empty.key)).message).toBe(
      'Refusing to prune all 1 objects of the app: the source renders nothing. Sync with allowEmpty to confirm.',
    );
    await core.readNamespacedConfigMap({ name: 'short-lived', namespace: ns });

    expect(await reconciler.reconcile(empty, { trigger: 'manual', prune: true, allowEmpty: true })).toMatchObject({
      ok: true,
    });
    const pruned = await lastRun(empty.key);
    expect(pruned.resources.map(r => [r.name, r.result])).toEqual([['short-lived', 'Pruned']]);
    await expect(core.readNamespacedConfigMap({ name: 'short-lived', namespace: ns })).rejects.toMatchObject({
      code: 404,
    });
  });

  it('reports a symlink escaping the app path and an oversized file as Unknown, other apps unaffected', async () => {
    const url = await git.createBareRepo(hostileRepo);
    await writeRawCommit(path.join(process.env.SLIPWAY_TEST_GIT_ROOT!, `${hostileRepo}.git`), 'main', {
      apps: {
        tree: {
          fine: { tree: { 'cm.yaml': { file: configMap('fine') } } },
          escape: { tree: { 'cm.yaml': { symlink: '../fine/cm.yaml' } } },
          huge: { tree: { 'big.yaml': { file: `# ${'x'.repeat(100 * 1024)}\n` } } },
        },
      },
    });
    for (const folder of ['escape', 'huge', 'fine']) {
      await reconciler.reconcile(app(folder, url), { trigger: 'manual' });
    }
    const escape = await store.getApp(app('escape', url).key);
    expect(escape?.syncStatus).toBe('Unknown');
    expect(escape?.message).toMatch(
      /^Symlink 'cm\.yaml' -> '\.\.\/fine\/cm\.yaml' in .* path 'apps\/escape' is refused: its target leaves the app path$/,
    );
    const huge = await store.getApp(app('huge', url).key);
    expect(huge?.syncStatus).toBe('Unknown');
    expect(huge?.message).toMatch(/^File 'big\.yaml' in .* is \d+ bytes, over the 65536-byte cap per file$/);
    expect(await store.getApp(app('fine', url).key)).toMatchObject({ syncStatus: 'Synced', lastRunResult: 'Succeeded' });
    await core.readNamespacedConfigMap({ name: 'fine', namespace: ns });
  });
});
