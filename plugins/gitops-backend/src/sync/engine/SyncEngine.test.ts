import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  databaseService,
} from '../../__testUtils__/testDatabases';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testGitServer } from '@internal/test-env';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { DatabaseGitopsStore } from '../../database/DatabaseGitopsStore';
import { RepoCache } from '@internal/plugin-gitops-node';
import { AppReconciler } from '../AppReconciler';
import { SyncEngine } from './SyncEngine';
import { testProjectSettings } from '../../__testUtils__/testProject';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const ns = `poll-${run}`;
const repoName = `poll-${run}`;
const configMap = (level: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { level: ${level} }\n`;

describe('SyncEngine polling', () => {
  const databases = createTestDatabases();
  const git = testGitServer();
  let engine: SyncEngine | undefined;
  let registry: ClusterRegistry;
  let cacheDir: string;
  let core: CoreV1Api;

  beforeAll(async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: ns } } });
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-engine-'));
  });

  afterAll(async () => {
    await engine?.stop();
    await registry?.stop();
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('picks up a new commit on its own interval and auto-syncs it, without any webhook', async () => {
    const repoUrl = await git.createBareRepo(repoName);
    const firstSha = await git.commit(repoName, { 'cm.yaml': configMap('info') }, 'First');
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `poller-${run}`,
        namespace: 'default',
        annotations: {
          'slipway.dev/repo': repoUrl,
          'slipway.dev/clusters': 'local',
          'slipway.dev/namespace': ns,
          'slipway.dev/sync-policy': 'auto',
        },
      },
      spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'production' },
    };
    const key = `component:default/poller-${run}@local`;
    const knex = await databases.init();
    const store = await DatabaseGitopsStore.create({
      database: databaseService(knex),
    });
    registry = ClusterRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          slipway: {
            clusters: [{ name: 'local', auth: 'kubeconfig', kubeconfigPath: process.env.KUBECONFIG, namespaces: ['*'] }],
          },
        },
      }),
    );
    const logger = mockServices.logger.mock();
    engine = new SyncEngine(
      {
        store,
        catalog: catalogServiceMock({ entities: [entity] }),
        auth: mockServices.auth(),
        reconciler: new AppReconciler({ store, repos: new RepoCache({ cacheDir }), clusters: registry, renderers: [], logger }),
        logger,
        projects: testProjectSettings('group:default/team-a'),
      },
      { intervalMs: 500, jitterMs: 100, catalogRefreshMs: 60_000, concurrency: 2 },
    );
    await engine.start();

    const appAt = async (sha: string) => {
      for (let i = 0; i < 100; i++) {
        const app = await store.getApp(key);
        if (app?.revision === sha && app.lastRunResult === 'Succeeded' && app.syncStatus === 'Synced') return app;
        await new Promise(r => setTimeout(r, 100));
      }
      return store.getApp(key);
    };
    const levelInCluster = async () =>
      (await core.readNamespacedConfigMap({ name: 'settings', namespace: ns })).data?.level;

    const first = await appAt(firstSha);
    expect(first).toMatchObject({ syncStatus: 'Synced', lastRunResult: 'Succeeded' });
    expect(await levelInCluster()).toBe('info');

    // Nobody tells the engine about this commit: only its polling can see it.
    const secondSha = await git.commit(repoName, { 'cm.yaml': configMap('debug') }, 'Raise the log level');
    const second = await appAt(secondSha);
    expect(second).toMatchObject({
      revision: secondSha,
      syncStatus: 'Synced',
      lastRunResult: 'Succeeded',
      commitMessage: 'Raise the log level',
      commitAuthor: expect.any(String),
      commitDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await levelInCluster()).toBe('debug');
    const runs = await store.listRuns(key, { offset: 0, limit: 10 });
    expect(runs.items.map(r => [r.trigger, r.revision, r.result])).toEqual([
      ['auto', secondSha, 'Succeeded'],
      ['auto', firstSha, 'Succeeded'],
    ]);

    await engine.stop();
    // Stopped means stopped: a later commit is not picked up.
    const thirdSha = await git.commit(repoName, { 'cm.yaml': configMap('warn') }, 'Quieter');
    await new Promise(r => setTimeout(r, 1500));
    expect((await store.getApp(key))?.revision).not.toBe(thirdSha);
  });
});
