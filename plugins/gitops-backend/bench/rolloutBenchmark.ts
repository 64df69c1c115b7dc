/**
 * yarn bench:rollouts [rollouts=50]
 *
 * N canaries (max 500) behind Istio on the local control plane, all in
 * analysis at once: each tick reads the workloads, reconciles and reads the
 * VirtualService, queries Prometheus, sets the next weight and saves state,
 * events and checks. Prints the wall time of a round of N ticks, and per
 * tick: CPU time, API requests and latency percentiles.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { KubernetesObject } from '@internal/plugin-gitops-node';
import { ensureRoutingCrds, startKube, startPrometheus } from '@internal/test-env';
import { kubeAlreadyRunning } from '@internal/test-env/src/testEnv';
import { stopKube } from '@internal/test-env/src/kube';
import knexFactory from 'knex';
import { AppSpec } from '../src/catalog/AppSpec';
import { ClusterRegistry } from '../src/clusters/ClusterRegistry';
import { DatabaseGitopsStore } from '../src/database/DatabaseGitopsStore';
import { DatabaseRolloutStore } from '../src/database/DatabaseRolloutStore';
import { createRolloutAnalysis } from '../src/rollout/analysis';
import { RolloutEngine } from '../src/rollout/engine/RolloutEngine';
import { rolloutClusterOf } from '../src/rollout/rolloutCluster';
import { builtinTrafficRouters, selectTrafficRouter } from '../src/rollout/routers';
import { validateRollouts } from '../src/rollout/validateRollouts';
import { createWorkloads } from '../src/rollout/workloads';
import { testProject } from '../src/__testUtils__/testProject';

const count = Math.min(500, Number(process.argv[2] ?? 50));
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const rounds = 10;
const ns = `bench-rollouts-${Date.now().toString(36)}`;

const silent: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
};

const deployment = (i: number, image: string): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `app-${i}`, namespace: ns },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: `app-${i}` } },
    template: {
      metadata: { labels: { app: `app-${i}` } },
      spec: { containers: [{ name: 'app', image }] },
    },
  },
});

// A slow canary (1 % per tick) keeps every rollout in analysis for the whole measurement.
const canary = (i: number): KubernetesObject => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: { name: `app-${i}`, namespace: ns },
  spec: {
    provider: 'istio',
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `app-${i}` },
    service: { port: 80, targetPort: 8080 },
    analysis: {
      interval: '1h',
      threshold: 5,
      maxWeight: 100,
      stepWeight: 1,
      metrics: [{ name: 'availability', interval: '1m', query: 'vector(100)', thresholdRange: { min: 99 } }],
    },
  },
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function main() {
  const ownsKube = !(await kubeAlreadyRunning());
  const kube = await startKube();
  await ensureRoutingCrds(kube.kubeconfigPath);
  const prometheus = await startPrometheus({ scrapeTargets: [] });
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const database = { getClient: async () => knex, migrations: { skip: false } };
  const gitops = await DatabaseGitopsStore.create({ database });
  const store = await DatabaseRolloutStore.create({ database });
  const clusters = ClusterRegistry.fromConfig(
    new ConfigReader({
      slipway: { clusters: [{ name: 'local', auth: 'kubeconfig', kubeconfigPath: kube.kubeconfigPath, namespaces: [ns] }] },
    }),
  );
  const cluster = clusters.get('local');
  const routers = builtinTrafficRouters();
  const engine = new RolloutEngine(
    {
      store,
      workloads: createWorkloads(),
      routers: provider => selectTrafficRouter(routers, provider),
      analysis: createRolloutAnalysis({ defaultMetricsServer: prometheus.url, logger: silent }),
      clusterOf: app => rolloutClusterOf(cluster, app.project),
      commitOf: async () => undefined,
      appExists: async () => true,
      logger: silent,
    },
    { concurrency },
  );

  console.log(`bench:rollouts ${count} canaries (istio, Prometheus checks), concurrency ${concurrency}, Node ${process.version}`);
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const apply = (image: string) =>
    Promise.all(Array.from({ length: count }, (_, i) => cluster.apply(deployment(i, image))));
  await apply('nginx:1.27');
  const apps: AppSpec[] = Array.from({ length: count }, (_, i) => ({
    key: `component:default/app-${i}@local`,
    entityRef: `component:default/app-${i}`,
    cluster: 'local',
    repoUrl: 'http://127.0.0.1/unused.git',
    path: `apps/app-${i}`,
    namespace: ns,
    syncPolicy: 'manual',
    project: testProject(),
    prune: false,
    selfHeal: false,
    canary: `app-${i}`,
  }));
  // What a reconcile hands the engine after syncing each app.
  for (const [i, app] of apps.entries()) {
    await gitops.upsertApp({ key: app.key, entityRef: app.entityRef, cluster: 'local', syncStatus: 'Synced', healthStatus: 'Healthy' });
    await engine.update(app, validateRollouts(app, [deployment(i, '')], [canary(i)], { defaultMetricsServer: prometheus.url }), []);
  }

  const states = () => Promise.all(apps.map(a => store.getRolloutState(a.key, a.canary!)));
  const tickAll = () => Promise.all(apps.map(a => engine.tickNow(a.key, a.canary!)));
  const until = async (what: string, done: (phase: string, weight: number) => boolean) => {
    for (let i = 0; i < 60; i++) {
      await tickAll();
      const all = await states();
      if (all.every(s => s && done(s.phase, s.canaryWeight))) return;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`not every rollout reached ${what}`);
  };
  let started = Date.now();
  await until('Initialized', phase => phase === 'Initialized');
  console.log(`initialise ${count} rollouts:     ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await apply('nginx:1.28');
  started = Date.now();
  await until('weight 1', (phase, weight) => phase === 'Progressing' && weight >= 1);
  console.log(`new revision to first step:  ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const startWeights = (await states()).map(s => s?.canaryWeight ?? 0);
  const latencies: number[] = [];
  const roundTimes: number[] = [];
  const requestsBefore = cluster.requests;
  const cpuBefore = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const round = Date.now();
    await Promise.all(
      apps.map(async a => {
        const t = Date.now();
        await engine.tickNow(a.key, a.canary!);
        latencies.push(Date.now() - t);
      }),
    );
    roundTimes.push(Date.now() - round);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const ticks = rounds * count;
  const final = await states();
  const advancedEveryTick = (i: number) => final[i]?.canaryWeight === startWeights[i] + rounds;
  const advanced = final.filter((_, i) => advancedEveryTick(i)).length;
  console.log(`round of ${count} ticks:           ${(roundTimes.reduce((a, b) => a + b, 0) / rounds).toFixed(0)} ms (mean of ${rounds})`);
  console.log(`per tick:                    ${((cpu.user + cpu.system) / 1000 / ticks).toFixed(2)} ms CPU, ${((cluster.requests - requestsBefore) / ticks).toFixed(1)} API requests, latency p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms`);
  console.log(`rollouts that advanced every tick: ${advanced}/${count}`);
  if (advanced < count) {
    const sample = final.filter((_, i) => !advancedEveryTick(i)).slice(0, 3);
    console.log(`  e.g. ${sample.map(s => `${s?.rollout}: ${s?.phase} at ${s?.canaryWeight}: ${s?.message}`).join('\n       ')}`);
  }

  await engine.stop();
  await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
  await clusters.stop();
  await prometheus.close();
  await knex.destroy();
  if (ownsKube) await stopKube();
}

main().catch(error => {
  console.error(`bench:rollouts failed: ${error.stack ?? error}`);
  process.exit(1);
});
