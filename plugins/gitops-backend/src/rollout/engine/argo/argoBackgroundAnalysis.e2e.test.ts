import { testGitServer } from '@internal/test-env';
import { stringify } from 'yaml';
import { createTestDatabases } from '../../../__testUtils__/testDatabases';
import { uniqueName } from '../../../clusters/__testUtils__/localKube';
import { RolloutHarness } from '../../__testUtils__/rolloutHarness';
import { argoTemplate } from '../../argo/analysis/__testUtils__/argoDocs';
import type { RolloutState } from '../types';

jest.setTimeout(300_000);

// The background analysis example of Argo's analysis docs: a success-rate
// AnalysisTemplate (read from the docs when the test runs) started at
// `startingStep: 2`, measuring real Prometheus data from the traffic
// simulator. Only what the local infrastructure needs is changed: the
// Prometheus address, a query on the simulator's series, and seconds where
// the docs wait minutes.

const databases = createTestDatabases();
const git = testGitServer();
const PAGE = 'docs/features/analysis.md';

const rollout = (image: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: podinfo
spec:
  replicas: 5
  selector:
    matchLabels: { app: podinfo }
  template:
    metadata:
      labels: { app: podinfo }
    spec:
      containers:
        - name: podinfo
          image: ${image}
  strategy:
    canary:
      analysis:
        templates:
          - templateName: success-rate
        startingStep: 2
        args:
          - name: service-name
            value: podinfo
      steps:
        - setWeight: 20
        - pause: { duration: 3 }
        - setWeight: 40
        - pause: { duration: 4 }
        - setWeight: 60
        - pause: { duration: 4 }
        - setWeight: 80
        - pause: { duration: 4 }
`;

/** The docs' template, pointed at the local Prometheus and the simulator's series. */
async function successRate(prometheusUrl: string, namespace: string) {
  const doc = (await argoTemplate(PAGE, 'success-rate')) as any;
  const metric = doc.spec.metrics[0];
  expect(metric).toMatchObject({
    successCondition: 'result[0] >= 0.95',
    failureLimit: 3,
  });
  metric.interval = '2s';
  const series = `istio_requests_total{reporter="source",destination_workload_namespace="${namespace}",destination_workload=~"{{args.service-name}}"`;
  metric.provider.prometheus = {
    address: prometheusUrl,
    query: `sum(rate(${series},response_code!~"5.*"}[10s])) / sum(rate(${series}}[10s]))`,
  };
  return stringify(doc);
}

const runsOf = (s: RolloutState) => Object.values(s.argo?.runs ?? {});

async function start(namespace: string) {
  const knex = await databases.init();
  const h = await new RolloutHarness({
    git,
    knex,
    namespace,
    files: { 'rollout.yaml': rollout('podinfo:1.0.0') },
  }).start();
  // Traffic reaches the canary pods as the replica counts share it.
  h.simulator.setWeights({ canary: 50 });
  await h.commitAndSync(
    { 'analysis.yaml': await successRate(h.prometheus.url, namespace) },
    'analysis',
  );
  await h.canaryTrafficVisible(
    `sum(rate(istio_requests_total{destination_workload_namespace="${namespace}",destination_workload="podinfo"}[10s]))`,
  );
  return h;
}

describe('Argo Rollouts background analysis from startingStep, run by Slipway', () => {
  it('starts the analysis at step 2, not before, measures real Prometheus data on its interval and completes the update', async () => {
    const ns = uniqueName('argo-bg-analysis');
    const h = await start(ns);
    try {
      await h.tickUntil(s => s.argo?.status.phase === 'Healthy', 'Healthy');
      await h.commitAndSync(
        { 'rollout.yaml': rollout('podinfo:1.0.1') },
        'update',
      );
      const early = await h.tickUntil(
        s => s.argo?.status.currentStepIndex === 1,
        'the pause of step 1',
      );
      expect(runsOf(early)).toEqual([]);
      const started = await h.tickUntil(
        s => runsOf(s).some(r => r.run.metricResults[0]?.count > 0),
        'a first measurement of the background analysis',
      );
      expect(started.argo!.status.currentStepIndex).toBeGreaterThanOrEqual(2);
      const [run] = runsOf(started);
      expect(run).toMatchObject({ kind: 'background' });
      expect(run.run.metricResults[0].measurements[0]).toMatchObject({
        phase: 'Successful',
      });

      const done = await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy',
        'the update promoted',
        120_000,
      );
      expect(done.phase).toBe('Succeeded');
      // The controller stops a background run once the update is complete.
      const settled = await h.tickUntil(
        s => runsOf(s).every(r => r.run.phase !== 'Running'),
        'the background run terminated',
        20_000,
      );
      const [finished] = runsOf(settled);
      expect(finished.run).toMatchObject({
        phase: 'Successful',
        message: 'Run Terminated',
      });
      expect(finished.run.metricResults[0].count).toBeGreaterThan(1);
      const runs = await h.store.listRolloutRuns(h.app.key, 'podinfo', {
        offset: 0,
        limit: 5,
      });
      const checks = await h.store.listRolloutChecks(runs.items[0].id);
      expect(checks.length).toBeGreaterThan(1);
      expect(checks.every(c => c.name === 'success-rate' && c.passed)).toBe(
        true,
      );
      expect(checks[0].value).toBeGreaterThanOrEqual(0.95);
    } finally {
      await h.stop();
    }
  });

  it('aborts the update when the canary fails more measurements than failureLimit, back to all stable pods', async () => {
    const ns = uniqueName('argo-bg-fail');
    const h = await start(ns);
    try {
      await h.tickUntil(s => s.argo?.status.phase === 'Healthy', 'Healthy');
      h.simulator.setWorkload('canary', { errorRate: 1 });
      await h.commitAndSync(
        { 'rollout.yaml': rollout('podinfo:1.0.2') },
        'bad',
      );
      const aborted = await h.tickUntil(
        s => s.argo?.status.phase === 'Degraded',
        'Degraded by the failed analysis',
        120_000,
      );
      const [run] = runsOf(aborted);
      expect(run.run.phase).toBe('Failed');
      // failureLimit 3: the fourth failed measurement fails the run.
      expect(run.run.metricResults[0].failed).toBe(4);
      expect(aborted.argo!.status.message).toMatch(
        /RolloutAborted: .*success-rate/,
      );
      expect(aborted.phase).toBe('Failed');
      const runs = await h.store.listRolloutRuns(h.app.key, 'podinfo', {
        offset: 0,
        limit: 5,
      });
      expect(runs.items[0].result).toBe('Failed');
    } finally {
      await h.stop();
    }
  });
});
