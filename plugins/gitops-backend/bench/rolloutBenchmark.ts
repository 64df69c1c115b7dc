/**
 * yarn bench:rollouts [rollouts=50]
 *
 * N canaries (max 500) behind Istio on the local control plane, all in
 * analysis at once with a 10 s interval: each tick reads the workloads and
 * the VirtualService, queries Prometheus, sets the next weight and saves
 * state, events and checks. After initialisation and the first step, the
 * engine's own scheduler runs them for BENCH_SECONDS (default 60) while the
 * bench measures the process's CPU time per wall second (as % of one core;
 * the target is at most 5 % for 200 canaries), and per tick: CPU time, API
 * requests and database queries.
 *
 * The database is SQLite in this process, so its CPU time counts too; with
 * BENCH_DATABASE=postgres it is a fresh database on the server of
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, as in production.
 * BENCH_CPU_PROFILE=<file> writes a .cpuprofile of the measured minute.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  ensureRoutingCrds,
  startKube,
  startPrometheus,
} from '@internal/test-env';
import { kubeAlreadyRunning } from '@internal/test-env/src/testEnv';
import { stopKube } from '@internal/test-env/src/kube';
import knexFactory from 'knex';
import { AppSpec } from '../src/catalog/AppSpec';
import { DatabaseGitopsStore } from '../src/database/DatabaseGitopsStore';
import { DatabaseRolloutStore } from '../src/database/DatabaseRolloutStore';
import type { ArgoRolloutState } from '../src/rollout/engine/argo/state';
import { createRolloutAnalysis } from '../src/rollout/analysis';
import { RolloutEngine } from '../src/rollout/engine/RolloutEngine';
import { CachedRolloutReads } from '../src/rollout/cachedRolloutReads';
import { rolloutClusterOf } from '../src/rollout/rolloutCluster';
import { cpuProfiled } from './profiling';
import {
  builtinTrafficRouters,
  selectTrafficRouter,
} from '../src/rollout/routers';
import { validateRollouts } from '../src/rollout/validateRollouts';
import { createWorkloads } from '../src/rollout/workloads';
import { testProject } from '../src/__testUtils__/testProject';
import { localClusters, silentLogger } from './benchParts';

const count = Math.min(500, Number(process.argv[2] ?? 50));
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const intervalSeconds = 10;
const ns = `bench-rollouts-${Date.now().toString(36)}`;

const BENCH_TAINT = {
  key: 'slipway.dev/bench',
  value: 'rollouts',
  effect: 'NoSchedule',
};

/**
 * KWOK nodes for the bench's pods (a primary and a canary per rollout, 110
 * pods a node), tainted so other tests' pods stay off them; removed after.
 */
async function addBenchNodes(kubeconfigPath: string, pods: number) {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const core = config.makeApiClient(CoreV1Api);
  const names = Array.from(
    { length: Math.ceil(pods / 100) },
    (_, i) => `slipway-bench-node-${i}`,
  );
  for (const name of names) {
    await core
      .createNode({
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name,
            annotations: {
              'kwok.x-k8s.io/node': 'fake',
              'node.alpha.kubernetes.io/ttl': '0',
            },
            labels: {
              'kubernetes.io/hostname': name,
              type: 'kwok',
              [BENCH_TAINT.key]: BENCH_TAINT.value,
            },
          },
          spec: { taints: [BENCH_TAINT] },
        },
      })
      .catch(error => {
        if ((error as { code?: number }).code !== 409) throw error;
      });
  }
  const deadline = Date.now() + 60_000;
  for (const name of names) {
    for (;;) {
      const node = await core.readNode({ name });
      if (
        node.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        )
      )
        break;
      if (Date.now() > deadline)
        throw new Error(`fake node ${name} did not become Ready`);
      await new Promise(r => setTimeout(r, 500));
    }
  }
  return async () => {
    await Promise.all(
      names.map(name => core.deleteNode({ name }).catch(() => undefined)),
    );
  };
}

const deployment = (i: number, image: string): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `app-${i}`, namespace: ns },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: `app-${i}` } },
    template: {
      metadata: { labels: { app: `app-${i}` } },
      spec: {
        containers: [{ name: 'app', image }],
        // On the bench's own fake nodes, which nothing else is scheduled on.
        nodeSelector: { [BENCH_TAINT.key]: BENCH_TAINT.value },
        tolerations: [{ ...BENCH_TAINT, operator: 'Equal' }],
      },
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
      interval: `${intervalSeconds}s`,
      threshold: 5,
      maxWeight: 100,
      stepWeight: 1,
      metrics: [
        {
          name: 'availability',
          interval: '1m',
          query: 'vector(100)',
          thresholdRange: { min: 99 },
        },
      ],
    },
  },
});

/** SQLite in memory, or a fresh PostgreSQL database (BENCH_DATABASE=postgres). */
async function benchDatabase() {
  if (process.env.BENCH_DATABASE !== 'postgres') {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    return { knex, dropDatabase: async () => {} };
  }
  const server =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!server)
    throw new Error(
      'BENCH_DATABASE=postgres needs BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
  const name = `bench_rollouts_${Date.now().toString(36)}`;
  const admin = knexFactory({ client: 'pg', connection: server });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  return {
    knex,
    dropDatabase: async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    },
  };
}

async function main() {
  const ownsKube = !(await kubeAlreadyRunning());
  const kube = await startKube();
  await ensureRoutingCrds(kube.kubeconfigPath);
  const prometheus = await startPrometheus({ scrapeTargets: [] });
  const { knex, dropDatabase } = await benchDatabase();
  let queries = 0;
  knex.on('query', () => queries++);
  const database = { getClient: async () => knex, migrations: { skip: false } };
  const gitops = await DatabaseGitopsStore.create({ database });
  const store = await DatabaseRolloutStore.create<ArgoRolloutState>({
    database,
  });
  const clusters = localClusters(kube.kubeconfigPath, [ns]);
  const cluster = clusters.get('local');
  const routers = builtinTrafficRouters();
  const cachedReads = new CachedRolloutReads();
  const engine = new RolloutEngine(
    {
      store,
      workloads: createWorkloads(),
      routers: provider => selectTrafficRouter(routers, provider),
      analysis: createRolloutAnalysis({
        defaultMetricsServer: prometheus.url,
        logger: silentLogger,
      }),
      clusterOf: app => rolloutClusterOf(cluster, app.project, cachedReads),
      commitOf: async () => undefined,
      logger: silentLogger,
    },
    { concurrency },
  );
  engine.start();

  console.log(
    `bench:rollouts ${count} canaries (istio, Prometheus checks), concurrency ${concurrency}, ${knex.client.config.client}, Node ${process.version}`,
  );
  const removeNodes = await addBenchNodes(kube.kubeconfigPath, 2 * count);
  await cluster.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns },
  });
  try {
    await measure();
  } finally {
    await engine.stop();
    await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
    await removeNodes();
    await clusters.stop();
    await prometheus.close();
    await knex.destroy();
    await dropDatabase();
    if (ownsKube) await stopKube();
  }

  async function measure() {
    const apply = (image: string) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          cluster.apply(deployment(i, image)),
        ),
      );
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
      const records = validateRollouts(app, [deployment(i, '')], [canary(i)], {
        defaultMetricsServer: prometheus.url,
      });
      await gitops.upsertApp({
        key: app.key,
        entityRef: app.entityRef,
        cluster: 'local',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
      });
      await gitops.replaceRolloutSpecs(app.key, records);
      await gitops.updateAppState(app.key, {
        spec: JSON.stringify({ ...app, valid: true }),
      });
      await engine.update(app, records, []);
    }

    const states = () =>
      Promise.all(apps.map(a => store.getRolloutState(a.key, a.canary!)));
    const tickAll = () =>
      Promise.all(apps.map(a => engine.tickNow(a.key, a.canary!)));
    const until = async (
      what: string,
      done: (phase: string, weight: number) => boolean,
    ) => {
      const deadline = Date.now() + 10 * 60_000;
      for (;;) {
        await tickAll();
        const behind = (await states()).filter(
          s => !s || !done(s.phase, s.canaryWeight),
        );
        if (!behind.length) return;
        if (Date.now() > deadline) {
          const sample = behind
            .slice(0, 3)
            .map(
              s =>
                `${s?.rollout}: ${s?.phase} at ${s?.canaryWeight}: ${s?.message}`,
            );
          throw new Error(
            `${
              behind.length
            } rollouts did not reach ${what}, e.g.\n  ${sample.join('\n  ')}`,
          );
        }
        await new Promise(r => setTimeout(r, 500));
      }
    };
    let started = Date.now();
    await until('Initialized', phase => phase === 'Initialized');
    console.log(
      `initialise ${count} rollouts:     ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    await apply('nginx:1.28');
    started = Date.now();
    await until(
      'weight 1',
      (phase, weight) => phase === 'Progressing' && weight >= 1,
    );
    console.log(
      `new revision to first step:  ${((Date.now() - started) / 1000).toFixed(
        1,
      )} s`,
    );

    // The scheduler alone from here on: every rollout ticks once per interval.
    // The first step left them ticking in step, so the window starts half an
    // interval on: each tick falls inside it or not, none on its edges.
    await new Promise(r => setTimeout(r, (intervalSeconds * 1000) / 2));
    const weights = async () => (await states()).map(s => s?.canaryWeight ?? 0);
    const startWeights = await weights();
    const requestsBefore = cluster.requests;
    const queriesBefore = queries;
    const cpuBefore = process.cpuUsage();
    const wallBefore = process.hrtime.bigint();
    await cpuProfiled(
      () => new Promise(r => setTimeout(r, seconds * 1000)),
      process.env.BENCH_CPU_PROFILE,
    );
    const cpu = process.cpuUsage(cpuBefore);
    const wall = Number(process.hrtime.bigint() - wallBefore) / 1e9;
    const requests = cluster.requests - requestsBefore;
    const queryCount = queries - queriesBefore;
    const endWeights = await weights();
    // Each tick of a healthy canary advances it by one step of 1 %.
    const ticks = endWeights.reduce(
      (sum, w, i) => sum + (w - startWeights[i]),
      0,
    );
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(
      `steady state, ${wall.toFixed(1)} s:      ${ticks} ticks (${(
        ticks / wall
      ).toFixed(1)}/s; ${((count * wall) / intervalSeconds).toFixed(0)} due)`,
    );
    // System time includes the kernel's loopback work for the servers'
    // side of every request, which a remote API server or database would
    // not charge to this process.
    console.log(
      `CPU:                         ${((cpuSeconds / wall) * 100).toFixed(
        2,
      )} % of one core (${cpuSeconds.toFixed(2)} s CPU in ${wall.toFixed(
        1,
      )} s: user ${(cpu.user / 1e6).toFixed(2)} s, system ${(
        cpu.system / 1e6
      ).toFixed(2)} s)`,
    );
    console.log(
      `per tick:                    ${(
        (cpuSeconds * 1000) /
        Math.max(1, ticks)
      ).toFixed(2)} ms CPU, ${(requests / Math.max(1, ticks)).toFixed(
        1,
      )} API requests, ${(queryCount / Math.max(1, ticks)).toFixed(
        1,
      )} DB queries`,
    );
    const stuck = (await states()).filter(
      (_, i) => endWeights[i] === startWeights[i],
    );
    if (stuck.length) {
      console.log(`rollouts that did not advance: ${stuck.length}/${count}`);
      console.log(
        `  e.g. ${stuck
          .slice(0, 3)
          .map(
            st =>
              `${st?.rollout}: ${st?.phase} at ${st?.canaryWeight}: ${st?.message}`,
          )
          .join('\n       ')}`,
      );
    }

    // What one API request costs on this machine, to read the figures by.
    await engine.stop();
    const probe = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: ns,
      name: 'app-0',
    };
    const probeCpu = process.cpuUsage();
    for (let i = 0; i < 100; i++) await cluster.get(probe);
    const probeUsed = process.cpuUsage(probeCpu);
    console.log(
      `reference: one GET of a Deployment from the API server costs ${(
        (probeUsed.user + probeUsed.system) /
        1000 /
        100
      ).toFixed(2)} ms CPU here`,
    );
  }
}

main().catch(error => {
  console.error(`bench:rollouts failed: ${error.stack ?? error}`);
  process.exit(1);
});
