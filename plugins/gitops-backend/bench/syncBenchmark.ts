/**
 * yarn bench:sync [apps=200] [replicas=3]
 *
 * N apps (max 2000) on one repository against the local control plane:
 * time to the first full sync, time from one commit to every app Synced at
 * it, CPU time and API requests per no-op reconcile, and the engine's
 * memory. The engine runs in a process of its own (syncEngineProcess.ts,
 * its TypeScript compiled by esbuild in esbuild's own process), so its
 * memory is not mixed with the git server's, the repository's, the bench's
 * or a transpiler's: the process once the engine is built, its peak RSS over
 * the rounds, and the heap it keeps after a full GC.
 *
 * Then the same fleet under that many sync engines sharing one PostgreSQL,
 * as replicas do (0 leaves it out): see syncReplicas.ts.
 *
 * In the engine's process, BENCH_CPU_PROFILE=<file> profiles the no-op round,
 * BENCH_HEAP_PROFILE=<file> samples what the first full sync allocates that
 * reaches V8's old space, and BENCH_HEAP_SNAPSHOT=<file> writes a heap
 * snapshot at the end; BENCH_REPLICAS_CPU_PROFILE profiles the replicas'
 * steady state. BENCH_CONCURRENCY sets the parallel reconciles (10).
 * BENCH_ENGINE_NODE_FLAGS adds Node flags to the engine's process, e.g.
 * `--max-semi-space-size=16` to see what V8's young generation adds.
 * BENCH_ENGINE_MEMORY_LIMIT=<MiB> starts it in a memory cgroup with that
 * limit (as root), as a replica runs in a container: V8 then sizes its heap
 * from the limit instead of from the machine's memory.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { startGitServer, startKube, startPostgres, stopPostgres } from '@internal/test-env';
import { kubeAlreadyRunning } from '@internal/test-env/src/testEnv';
import { stopKube } from '@internal/test-env/src/kube';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type {
  EngineProcessOptions,
  EngineRequest,
  MemoryAnswer,
  NoopAnswer,
  SyncAnswer,
} from './syncEngineProcess';
import { silentLogger } from './benchParts';
import { cpuProfiled } from './profiling';
import { benchReplicas } from './syncReplicas';
import { memoryLimitedFork } from './memoryLimit';

const apps = Math.min(2000, Number(process.argv[2] ?? 200));
const replicas = Number(process.argv[3] ?? 3);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const ns = `bench-${Date.now().toString(36)}`;

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

/** The engine's process, and one request to it at a time. */
function startEngine(options: EngineProcessOptions) {
  const runtimeFlags = process.env.BENCH_ENGINE_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  // No transpiler in the measured process: see typescriptHook.js.
  const nodeArgs = ['--require', path.join(__dirname, 'typescriptHook.js'), ...runtimeFlags];
  const limitMiB = Number(process.env.BENCH_ENGINE_MEMORY_LIMIT ?? 0);
  const limited = limitMiB > 0 ? memoryLimitedFork(limitMiB, nodeArgs) : undefined;
  const child = fork(
    path.join(__dirname, 'syncEngineProcess.ts'),
    [JSON.stringify(options)],
    limited ? { execPath: limited.execPath, execArgv: limited.execArgv } : { execArgv: nodeArgs },
  );
  if (limited) child.once('exit', () => limited.remove());
  let pending: { resolve(value: unknown): void; reject(error: Error): void } | undefined;
  const answered = (settle: (p: NonNullable<typeof pending>) => void) => {
    const current = pending;
    pending = undefined;
    if (current) settle(current);
  };
  // Answers come as { answer }; anything else on the channel is not ours.
  child.on('message', (message: { answer?: { value?: unknown; error?: string } }) => {
    const answer = message.answer;
    if (!answer) return;
    answered(p => (answer.error ? p.reject(new Error(`engine: ${answer.error}`)) : p.resolve(answer.value)));
  });
  child.on('exit', code => answered(p => p.reject(new Error(`the engine's process exited (${code})`))));
  const next = () => new Promise((resolve, reject) => (pending = { resolve, reject }));
  const ready = next();
  return {
    ready,
    ask<T>(request: EngineRequest): Promise<T> {
      const answer = next();
      child.send(request);
      return answer as Promise<T>;
    },
    /** Lets the engine close its watches and database, then ends its process. */
    async stop() {
      const exited = new Promise(resolve => child.once('exit', resolve));
      await this.ask({ ask: 'stop' });
      child.disconnect();
      await exited;
    },
  };
}

async function main() {
  const ownsKube = !(await kubeAlreadyRunning());
  const kube = await startKube();
  const git = await startGitServer();
  const files: Record<string, string> = {};
  for (let i = 0; i < apps; i++) files[`apps/app-${i}/all.yaml`] = manifests(i, 'info');
  const repoUrl = await git.createBareRepo('bench', files);
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });

  // The engine's namespace goes with the bench, even a failed one.
  const { first, toCommit, noop, memory } = await (async () => {
    const engine = startEngine({ kubeconfigPath: kube.kubeconfigPath, repoUrl, apps, namespace: ns, concurrency });
    await engine.ready;
    console.log(`bench:sync ${apps} apps (${apps * 3} objects), concurrency ${concurrency}, Node ${process.version}`);
    const firstSync = await engine.ask<SyncAnswer>({ ask: 'firstSync' });
    const changed: Record<string, string> = {};
    for (let i = 0; i < apps; i++) changed[`apps/app-${i}/all.yaml`] = manifests(i, 'debug');
    const sha = await git.commit('bench', changed, 'Raise log level everywhere');
    const syncTo = await engine.ask<SyncAnswer>({ ask: 'syncTo', sha });
    const noopRound = await engine.ask<NoopAnswer>({ ask: 'noop' });
    const usage = await engine.ask<MemoryAnswer>({ ask: 'memory' });
    await engine.stop();
    return { first: firstSync, toCommit: syncTo, noop: noopRound, memory: usage };
  })().finally(() => core.deleteNamespace({ name: ns }).catch(() => undefined));

  console.log(`first full sync:             ${seconds(first.ms)} (${first.rounds} rounds)`);
  console.log(`commit to all apps Synced:   ${seconds(toCommit.ms)} (${toCommit.rounds} rounds after a push webhook)`);
  console.log(`no-op reconcile, per app:    ${(noop.cpuMs / apps).toFixed(2)} ms CPU, ${(noop.requests / apps).toFixed(2)} API requests (round: ${seconds(noop.wallMs)})`);
  const { idle, peak, kept, heapLimit } = memory;
  const limit = Number(process.env.BENCH_ENGINE_MEMORY_LIMIT ?? 0);
  const where = limit > 0 ? `in a ${limit} MiB memory cgroup` : 'with no memory limit';
  console.log(`engine's process:            ${where}, V8 heap limit ${mib(heapLimit)}`);
  console.log(`engine's process, built:     RSS ${mib(idle.rss)}, heap ${mib(idle.heap)} after GC (code and libraries)`);
  console.log(`engine's process, peak RSS:  ${mib(peak.rss)}, +${mib(peak.rss - idle.rss)} over built (then: V8 heap ${mib(peak.heapTotal)} with young generation ${mib(peak.youngGeneration)}, Buffers ${mib(peak.external)}, the rest native)`);
  console.log(`engine's process, kept:      heap ${mib(kept.heap)} after GC, +${mib(kept.heap - idle.heap)} over built (${((kept.heap - idle.heap) / 1024 / apps).toFixed(0)} KiB per app)`);

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
      logger: silentLogger,
      measure: work => cpuProfiled(work, process.env.BENCH_REPLICAS_CPU_PROFILE),
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
  if (ownsKube) await stopKube();
}

main().catch(error => {
  console.error(`bench:sync failed: ${error.stack ?? error}`);
  process.exit(1);
});
