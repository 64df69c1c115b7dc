/**
 * yarn bench:sync [apps=200] [replicas=3]
 *
 * N apps (max 2000) on one repository against the local control plane:
 * time to the first full sync, time from one commit to every app Synced at
 * it, CPU time and API requests per no-op reconcile, and memory: the
 * process before the engine starts (code, git server, repository), then the
 * peak RSS and the heap kept after a full GC with the engine and its caches.
 *
 * Then the same fleet under that many sync engines sharing one PostgreSQL,
 * as replicas do (0 leaves it out): see syncReplicas.ts.
 *
 * BENCH_CPU_PROFILE=<file> profiles the no-op round (BENCH_REPLICAS_CPU_PROFILE
 * the replicas' steady state); BENCH_HEAP_SNAPSHOT=<file>
 * writes a heap snapshot at the end; BENCH_HEAP_PROFILE=<file> samples what the
 * first full sync allocates that reaches the old space. BENCH_CONCURRENCY sets the parallel reconciles (10).
 */
import fs from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { LoggerService } from '@backstage/backend-plugin-api';
import { startGitServer, startKube, startPostgres, stopPostgres } from '@internal/test-env';
import { kubeAlreadyRunning } from '@internal/test-env/src/testEnv';
import { stopKube } from '@internal/test-env/src/kube';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import knexFactory from 'knex';
import { ParsedApp } from '../src/catalog/AppSpec';
import { DatabaseGitopsStore } from '../src/database/DatabaseGitopsStore';
import { testProject } from '../src/__testUtils__/testProject';
import { benchReconciler, localClusters } from './benchParts';
import { benchReplicas } from './syncReplicas';

const apps = Math.min(2000, Number(process.argv[2] ?? 200));
const replicas = Number(process.argv[3] ?? 3);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const ns = `bench-${Date.now().toString(36)}`;

const silent: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
};

const manifests = (i: number, level: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: app-${i} }
data: { level: ${level} }
---
apiVersion: v1
kind: Service
metadata: { name: app-${i} }
spec:
  selector: { app: app-${i} }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: app-${i} }
spec:
  replicas: 0
  selector: { matchLabels: { app: app-${i} } }
  template:
    metadata: { labels: { app: app-${i} } }
    spec:
      containers: [{ name: app, image: 'nginx:1.27' }]
`;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

// Heap figures are taken after a full GC, so they count what is kept, not garbage.
const collectGarbage: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (v8.setFlagsFromString('--expose-gc'), vm.runInNewContext('gc'));
const memoryAfterGc = () => {
  collectGarbage();
  const { rss, heapUsed, external } = process.memoryUsage();
  // external counts Buffers and ArrayBuffers held by JS objects.
  return { rss, heap: heapUsed + external };
};

/**
 * With BENCH_CPU_PROFILE, writes a .cpuprofile of `work` (open it in Chrome
 * DevTools); what `work` measures itself leaves out writing the profile.
 */
async function profiled<T>(work: () => Promise<T>, file = process.env.BENCH_CPU_PROFILE): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await fs.writeFile(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * With BENCH_HEAP_PROFILE, writes a sampling .heapprofile of what `work`
 * allocates that outlives the young generation, garbage included.
 */
async function heapProfiled<T>(work: () => Promise<T>, file = process.env.BENCH_HEAP_PROFILE): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: true,
    // Garbage the young generation frees never reaches the old space, whose
    // growth is what the peak RSS is made of.
    includeObjectsCollectedByMinorGC: false,
  });
  try {
    return await work();
  } finally {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    await fs.writeFile(file, JSON.stringify(profile));
    session.disconnect();
  }
}

async function main() {
  const ownsKube = !(await kubeAlreadyRunning());
  const kube = await startKube();
  const git = await startGitServer();
  const files: Record<string, string> = {
    'namespace/ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
  };
  for (let i = 0; i < apps; i++) files[`apps/app-${i}/all.yaml`] = manifests(i, 'info');
  const repoUrl = await git.createBareRepo('bench', files);
  // Everything so far (code loaded, git server, the repository) is there
  // before the engine starts; the engine's share is what comes on top.
  const baseline = memoryAfterGc();
  let peakRss = baseline.rss;
  // What the RSS was made of at its peak: V8's heap (live objects and
  // garbage not yet collected) and memory outside it (Buffers, native).
  let atPeak = { heapTotal: 0, external: 0 };
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss > peakRss) {
      peakRss = usage.rss;
      atPeak = { heapTotal: usage.heapTotal, external: usage.external };
    }
  }, 100);

  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const store = await DatabaseGitopsStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  });
  const clusters = localClusters(kube.kubeconfigPath);
  const cluster = clusters.get('local');
  const { reconciler, repos, cacheDir } = await benchReconciler({ store, clusters, logger: silent });
  const specs: (ParsedApp & { valid: true })[] = Array.from({ length: apps }, (_, i) => ({
    valid: true as const,
    key: `component:default/app-${i}@local`,
    entityRef: `component:default/app-${i}`,
    cluster: 'local',
    repoUrl,
    path: `apps/app-${i}`,
    namespace: ns,
    syncPolicy: 'auto' as const,
    project: testProject(),
    prune: true,
    selfHeal: true,
  }));
  const nsApp: ParsedApp = { ...specs[0], key: 'component:default/ns@local', entityRef: 'component:default/ns', path: 'namespace' };
  await reconciler.reconcile(nsApp);

  // `concurrency` reconciles at a time, as the engine runs them.
  const reconcileAll = async () => {
    const pending = [...specs];
    const worker = async () => {
      for (let spec = pending.shift(); spec; spec = pending.shift()) await reconciler.reconcile(spec);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  const allSyncedAt = async (sha?: string) => {
    const all = await store.listApps();
    const behind = all.filter(
      a => a.key !== nsApp.key && (a.syncStatus !== 'Synced' || (sha && a.revision !== sha)),
    );
    return all.length === apps + 1 && behind.length === 0 ? true : behind;
  };
  // Rounds until every app is Synced; a bounded loop that says who is stuck.
  const untilSynced = async (sha?: string) => {
    for (let round = 1; round <= 20; round++) {
      await reconcileAll();
      const result = await allSyncedAt(sha);
      if (result === true) return round;
      if (round === 20) {
        const sample = result.slice(0, 3).map(a => `${a.key}: ${a.syncStatus} ${a.message ?? ''}`);
        throw new Error(`${result.length} apps not Synced after 20 rounds, e.g. ${sample.join('; ')}`);
      }
    }
    return 0;
  };

  console.log(`bench:sync ${apps} apps (${apps * 3} objects), concurrency ${concurrency}, Node ${process.version}`);
  let started = Date.now();
  const firstRounds = await heapProfiled(() => untilSynced());
  const firstSync = Date.now() - started;

  const changed: Record<string, string> = {};
  for (let i = 0; i < apps; i++) changed[`apps/app-${i}/all.yaml`] = manifests(i, 'debug');
  const sha = await git.commit('bench', changed, 'Raise log level everywhere');
  // What a push webhook does: drop the remembered listing, refresh every app.
  started = Date.now();
  repos.repo(repoUrl).forgetRemoteRefs();
  const commitRounds = await untilSynced(sha);
  const commitToSynced = Date.now() - started;

  // A no-op round means nothing changed: let controllers finish their own
  // updates (e.g. revision annotations) and every cache warm up first.
  let lastEvent = Date.now();
  cluster.watchCache.onChange(() => {
    lastEvent = Date.now();
  });
  do {
    await reconcileAll();
    await new Promise(r => setTimeout(r, 500));
  } while (Date.now() - lastEvent < 2000);
  const { cpu, requests, noopWall } = await profiled(async () => {
    const requestsBefore = cluster.requests;
    const cpuBefore = process.cpuUsage();
    const noopStarted = Date.now();
    await reconcileAll();
    return {
      noopWall: Date.now() - noopStarted,
      cpu: process.cpuUsage(cpuBefore),
      requests: cluster.requests - requestsBefore,
    };
  });

  clearInterval(sampler);
  const engine = memoryAfterGc();
  if (process.env.BENCH_HEAP_SNAPSHOT) v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
  console.log(`first full sync:             ${seconds(firstSync)} (${firstRounds} rounds)`);
  console.log(`commit to all apps Synced:   ${seconds(commitToSynced)} (${commitRounds} rounds after a push webhook)`);
  console.log(`no-op reconcile, per app:    ${((cpu.user + cpu.system) / 1000 / apps).toFixed(2)} ms CPU, ${(requests / apps).toFixed(2)} API requests (round: ${seconds(noopWall)})`);
  console.log(`memory before the engine:    RSS ${mib(baseline.rss)}, heap ${mib(baseline.heap)} after GC (code, git server, repository)`);
  console.log(`memory with the engine:      peak RSS ${mib(peakRss)} (engine +${mib(peakRss - baseline.rss)}; V8 heap ${mib(atPeak.heapTotal)} and external ${mib(atPeak.external)} then), heap ${mib(engine.heap)} after GC (engine +${mib(engine.heap - baseline.heap)}, ${((engine.heap - baseline.heap) / 1024 / apps).toFixed(0)} KiB per app)`);

  await clusters.stop();
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  await core.deleteNamespace({ name: ns }).catch(() => undefined);

  if (replicas > 0) {
    const replicaNs = `${ns}-r`;
    await core.createNamespace({ body: { metadata: { name: replicaNs } } });
    const postgres = await startPostgres();
    let level = 0;
    const figures = await benchReplicas({
      replicas,
      apps,
      repoUrl,
      namespace: replicaNs,
      kubeconfigPath: kube.kubeconfigPath,
      postgres: postgres.connectionString,
      concurrency,
      logger: silent,
      measure: work => profiled(work, process.env.BENCH_REPLICAS_CPU_PROFILE),
      commit: async () => {
        const next: Record<string, string> = {};
        level++;
        for (let i = 0; i < apps; i++) next[`apps/app-${i}/all.yaml`] = manifests(i, `replicas-${level}`);
        return git.commit('bench', next, 'Change every app, for the replicas');
      },
    }).finally(async () => {
      await core.deleteNamespace({ name: replicaNs }).catch(() => undefined);
      if (postgres.startedHere) await stopPostgres();
    });
    console.log(`${replicas} replicas on one PostgreSQL (one process, so CPU is theirs together):`);
    console.log(`  first full sync:           ${seconds(figures.firstSyncMs)}`);
    console.log(`  commit to all apps Synced: ${seconds(figures.commitToSyncedMs)} (sync runs per replica: ${figures.runsPerReplica.join(' / ')}; apps synced twice: ${figures.appliedTwice}${figures.extraRuns.length ? `: ${figures.extraRuns.join(', ')}` : ''})`);
    console.log(`  steady state, per reconcile: ${figures.cpuPerReconcileMs.toFixed(2)} ms CPU (claims, leases and reconcile), ${figures.requestsPerReconcile.toFixed(2)} API requests (${figures.steadyReconciles} reconciles in 30 s)`);
  }
  await git.close();
  await knex.destroy();
  await fs.rm(cacheDir, { recursive: true, force: true });
  if (ownsKube) await stopKube();
}

main().catch(error => {
  console.error(`bench:sync failed: ${error.stack ?? error}`);
  process.exit(1);
});
