import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { testGitServer } from '@internal/test-env';
import { AppSpec } from '../catalog/AppSpec';
import { Cluster } from '../clusters/Cluster';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DatabaseGitopsStore } from '../database/DatabaseGitopsStore';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { AppReconciler } from './AppReconciler';
import { testProject } from '../__testUtils__/testProject';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const ns = `rollouts-${run}`;
const repoName = `rollouts-${run}`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx:1.27 }] }
`;
const canary = (name: string) => `apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: ${name} }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis:
    interval: 1m
    threshold: 5
    maxWeight: 50
    stepWeight: 10
    metrics: [{ name: request-success-rate, thresholdRange: { min: 99 } }]
`;

describe('AppReconciler records the rollout documents of an app', () => {
  const databases = createTestDatabases();
  const git = testGitServer();
  const logger = mockServices.logger.mock();
  let store: DatabaseGitopsStore;
  let cluster: Cluster;
  let reconciler: AppReconciler;
  let spec: AppSpec;
  let cacheDir: string;

  beforeAll(async () => {
    ({ gitops: store } = await databases.stores());
    const repoUrl = await git.createBareRepo(repoName, {
      'namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
      'deployment.yaml': deployment,
      'canary.yaml': `${canary('web')}---\n${canary('web-again')}`,
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
            ],
          },
        },
      }),
    );
    cluster = registry.get('local');
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-rollouts-'));
    reconciler = new AppReconciler({
      store,
      repos: new RepoCache({ cacheDir }),
      clusters: registry,
      renderers: [],
      logger,
    });
    spec = {
      key: `component:default/web-${run}@local`,
      entityRef: `component:default/web-${run}`,
      cluster: 'local',
      repoUrl,
      path: '',
      namespace: ns,
      syncPolicy: 'manual',
      project: testProject(),
      prune: false,
      selfHeal: false,
      canary: 'web',
    };
  });

  afterAll(async () => {
    await cluster.stop();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  const parsed = (s: AppSpec) => ({ valid: true as const, ...s });

  it('stores each parsed document with its errors, and writes nothing when they did not change', async () => {
    const write = jest.spyOn(store, 'replaceRolloutSpecs');
    const result = await reconciler.reconcile(parsed(spec));
    expect(result.rollouts.map(r => r.metadata.name)).toEqual([
      'web',
      'web-again',
    ]);
    const stored = await store.listRolloutSpecs(spec.key);
    expect(stored).toMatchObject([
      {
        name: 'web',
        kind: 'Canary',
        errors: [],
        spec: { strategy: 'canary', analysis: { threshold: 5 } },
      },
      {
        name: 'web-again',
        errors: [
          'Canary web-again: spec.targetRef: Deployment web is already the target of Canary web',
        ],
      },
    ]);

    await reconciler.reconcile(parsed(spec));
    expect(write).toHaveBeenCalledTimes(1);
    write.mockRestore();
  });

  it('reports an annotation whose document is gone', async () => {
    await git.commit(
      repoName,
      { 'canary.yaml': '# moved away\n' },
      'Drop the canaries',
    );
    await reconciler.reconcile(parsed(spec));
    expect(await store.listRolloutSpecs(spec.key)).toEqual([
      expect.objectContaining({
        name: 'web',
        kind: '',
        errors: [expect.stringMatching(/^slipway\.dev\/canary: names 'web'/)],
      }),
    ]);
  });

  it('never fails the sync of the manifests over the rollout documents', async () => {
    const write = jest
      .spyOn(store, 'replaceRolloutSpecs')
      .mockRejectedValue(new Error('disk full'));
    const result = await reconciler.reconcile(
      parsed({ ...spec, canary: 'other' }),
    );
    expect(result.ok).toBe(true);
    expect(await store.getApp(spec.key)).toMatchObject({
      revision: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(logger.warn).toHaveBeenCalledWith(
      `Rollout validation of ${spec.key} failed: disk full`,
    );
    write.mockRestore();
  });
});
