import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  TestStores,
} from '../../__testUtils__/testDatabases';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testGitServer, waitUntil } from '@internal/test-env';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { AppReconciler } from '../AppReconciler';
import { SyncEngine } from './SyncEngine';
import { testSyncEngine } from './__testUtils__/testSyncEngine';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const ns = `poll-${run}`;
const witnessNs = `poll-witness-${run}`;
const repoName = `poll-${run}`;
const configMap = (level: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { level: ${level} }\n`;

describe('SyncEngine polling', () => {
  const databases = createTestDatabases();
  const git = testGitServer();
  let engine: SyncEngine | undefined;
  let witness: SyncEngine | undefined;
  let registry: ClusterRegistry;
  let cacheDir: string;
  let core: CoreV1Api;

  beforeAll(async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(process.env.KUBECONFIG!);
    core = kc.makeApiClient(CoreV1Api);
    for (const name of [ns, witnessNs])
      await core.createNamespace({ body: { metadata: { name } } });
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-engine-'));
  });

  afterAll(async () => {
    await engine?.stop();
    await witness?.stop();
    await registry?.stop();
    for (const name of [ns, witnessNs])
      await core.deleteNamespace({ name }).catch(() => undefined);
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('picks up a new commit on its own interval and auto-syncs it, without any webhook', async () => {
    const repoUrl = await git.createBareRepo(repoName);
    const firstSha = await git.commit(
      repoName,
      { 'cm.yaml': configMap('info') },
      'First',
    );
    const stores = await databases.stores();
    const { gitops: store } = stores;
    registry = ClusterRegistry.fromConfig(
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
            ],
          },
        },
      }),
    );
    const logger = mockServices.logger.mock();
    /** An engine whose catalog holds one auto-synced entity following the repository into `namespace`. */
    const pollingEngine = (
      name: string,
      namespace: string,
      engineStores: TestStores,
      options: { intervalMs: number; jitterMs: number },
    ) =>
      testSyncEngine(
        engineStores,
        {
          catalog: catalogServiceMock({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name,
                  namespace: 'default',
                  annotations: {
                    'slipway.dev/repo': repoUrl,
                    'slipway.dev/clusters': 'local',
                    'slipway.dev/namespace': namespace,
                    'slipway.dev/sync-policy': 'auto',
                  },
                },
                spec: {
                  type: 'service',
                  owner: 'group:default/team-a',
                  lifecycle: 'production',
                },
              },
            ],
          }),
          reconciler: new AppReconciler({
            store: engineStores.gitops,
            repos: new RepoCache({ cacheDir: path.join(cacheDir, name) }),
            clusters: registry,
            renderers: [],
            logger,
          }),
          logger,
        },
        { ...options, catalogRefreshMs: 60_000 },
      );
    const key = `component:default/poller-${run}@local`;
    engine = pollingEngine(`poller-${run}`, ns, stores, {
      intervalMs: 500,
      jitterMs: 100,
    });
    await engine.start();

    const syncedAt = (appKey: string, sha: string, appStore = store) =>
      waitUntil(() => appStore.getApp(appKey), {
        description: `${appKey} to be synced at ${sha}`,
        timeoutMs: 30_000,
        until: app =>
          app?.revision === sha &&
          app.lastRunResult === 'Succeeded' &&
          app.syncStatus === 'Synced',
      });
    const levelInCluster = async () =>
      (await core.readNamespacedConfigMap({ name: 'settings', namespace: ns }))
        .data?.level;

    const first = await syncedAt(key, firstSha);
    expect(first).toMatchObject({
      syncStatus: 'Synced',
      lastRunResult: 'Succeeded',
    });
    expect(await levelInCluster()).toBe('info');

    // Nobody tells the engine about this commit: only its polling can see it.
    const secondSha = await git.commit(
      repoName,
      { 'cm.yaml': configMap('debug') },
      'Raise the log level',
    );
    const second = await syncedAt(key, secondSha);
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
    // Stopped means stopped: later commits are not picked up. A witness engine
    // following the same repository polls every 600 ms, never more often than
    // the stopped engine did (500–600 ms): once it has picked up two new
    // commits one after the other, a poll of the stopped engine was due. It
    // keeps its own database, as an engine forgets apps of entities it does
    // not see in its catalog.
    const witnessStores = await databases.stores();
    const witnessStore = witnessStores.gitops;
    witness = pollingEngine(`witness-${run}`, witnessNs, witnessStores, {
      intervalMs: 600,
      jitterMs: 0,
    });
    await witness.start();
    const witnessKey = `component:default/witness-${run}@local`;
    await syncedAt(witnessKey, secondSha, witnessStore);
    const thirdSha = await git.commit(
      repoName,
      { 'cm.yaml': configMap('warn') },
      'Quieter',
    );
    await syncedAt(witnessKey, thirdSha, witnessStore);
    const fourthSha = await git.commit(
      repoName,
      { 'cm.yaml': configMap('error') },
      'Quieter still',
    );
    await syncedAt(witnessKey, fourthSha, witnessStore);
    expect((await store.getApp(key))?.revision).toBe(secondSha);
    expect(
      (await store.listRuns(key, { offset: 0, limit: 10 })).totalCount,
    ).toBe(2);
    expect(await levelInCluster()).toBe('debug');
  });
});
