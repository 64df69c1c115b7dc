/**
 * The engine of `yarn bench:sync`, in a process of its own: a reconciler
 * over the local cluster with its store (a SQLite file), watch caches and
 * repository cache, and nothing else. So its memory is the engine's alone
 * (the git server, the repository and the bench stay in the parent), as a
 * separate controller's would be. The parent drives it with messages.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import knexFactory from 'knex';
import type { ParsedApp } from '../src/catalog/AppSpec';
import { DatabaseGitopsStore } from '../src/database/DatabaseGitopsStore';
import { testProject } from '../src/__testUtils__/testProject';
import { benchReconciler, localClusters, silentLogger } from './benchParts';
import { cpuProfiled, heapProfiled, memoryAfterGc, peakRssSampler } from './profiling';

export interface EngineProcessOptions {
  kubeconfigPath: string;
  repoUrl: string;
  apps: number;
  namespace: string;
  concurrency: number;
}

/** What the parent asks, and what each answer carries. */
export type EngineRequest =
  | { ask: 'firstSync' }
  | { ask: 'syncTo'; sha: string }
  | { ask: 'noop' }
  | { ask: 'memory' }
  | { ask: 'stop' };
export type SyncAnswer = { rounds: number; ms: number };
export type NoopAnswer = { cpuMs: number; requests: number; wallMs: number };
export type MemoryAnswer = {
  /** After the engine is built and before its first reconcile, after GC. */
  idle: { rss: number; heap: number };
  peak: ReturnType<ReturnType<typeof peakRssSampler>['stop']>;
  /** After the last round, after GC: what the engine keeps. */
  kept: { rss: number; heap: number };
  /** The V8 heap's limit, as Node sized it from its flags and the memory it found. */
  heapLimit: number;
};

async function start(options: EngineProcessOptions) {
  const databaseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-bench-db-'));
  // A database file, not ':memory:': the rows are the database's memory
  // (PostgreSQL's, in production), not the engine's.
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(databaseDir, 'gitops.sqlite') },
    useNullAsDefault: true,
  });
  const store = await DatabaseGitopsStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  });
  // The apps' namespace only, as a cluster configured for them would be:
  // whatever else the shared local cluster holds is not this engine's.
  const clusters = localClusters(options.kubeconfigPath, [options.namespace]);
  const cluster = clusters.get('local');
  const { reconciler, repos, cacheDir } = await benchReconciler({ store, clusters, logger: silentLogger });
  const specs: (ParsedApp & { valid: true })[] = Array.from({ length: options.apps }, (_, i) => ({
    valid: true as const,
    key: `component:default/app-${i}@local`,
    entityRef: `component:default/app-${i}`,
    cluster: 'local',
    repoUrl: options.repoUrl,
    path: `apps/app-${i}`,
    namespace: options.namespace,
    syncPolicy: 'auto' as const,
    project: testProject(),
    prune: true,
    selfHeal: true,
  }));

  const idle = memoryAfterGc();
  const sampler = peakRssSampler();

  // `concurrency` reconciles at a time, as the engine runs them.
  const reconcileAll = async () => {
    const pending = [...specs];
    const worker = async () => {
      for (let spec = pending.shift(); spec; spec = pending.shift()) await reconciler.reconcile(spec);
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  };
  // Rounds until every app is Synced (at `sha`); a bounded loop that says who is stuck.
  const untilSynced = async (sha?: string): Promise<SyncAnswer> => {
    const started = Date.now();
    for (let round = 1; round <= 20; round++) {
      await reconcileAll();
      const all = await store.listApps();
      const behind = all.filter(a => a.syncStatus !== 'Synced' || (sha && a.revision !== sha));
      if (all.length === specs.length && behind.length === 0) return { rounds: round, ms: Date.now() - started };
      if (round === 20) {
        const sample = behind.slice(0, 3).map(a => `${a.key}: ${a.syncStatus} ${a.message ?? ''}`);
        throw new Error(`${behind.length} apps not Synced after 20 rounds, e.g. ${sample.join('; ')}`);
      }
    }
    throw new Error('unreachable');
  };

  // A no-op round means nothing changed: let controllers finish their own
  // updates (e.g. revision annotations) and every cache warm up first.
  const noop = async (): Promise<NoopAnswer> => {
    let lastEvent = Date.now();
    const unsubscribe = cluster.watchCache.onChange(() => {
      lastEvent = Date.now();
    });
    do {
      await reconcileAll();
      await new Promise(r => setTimeout(r, 500));
    } while (Date.now() - lastEvent < 2000);
    unsubscribe();
    return cpuProfiled(async () => {
      const requestsBefore = cluster.requests;
      const cpuBefore = process.cpuUsage();
      const started = Date.now();
      await reconcileAll();
      const cpu = process.cpuUsage(cpuBefore);
      return {
        cpuMs: (cpu.user + cpu.system) / 1000,
        requests: cluster.requests - requestsBefore,
        wallMs: Date.now() - started,
      };
    }, process.env.BENCH_CPU_PROFILE);
  };

  const answer = async (request: EngineRequest): Promise<unknown> => {
    switch (request.ask) {
      case 'firstSync':
        return heapProfiled(() => untilSynced(), process.env.BENCH_HEAP_PROFILE);
      case 'syncTo':
        // What a push webhook does: drop the remembered listing, refresh every app.
        repos.repo(options.repoUrl).forgetRemoteRefs();
        return untilSynced(request.sha);
      case 'noop':
        return noop();
      case 'memory': {
        const peak = sampler.stop();
        const kept = memoryAfterGc();
        if (process.env.BENCH_HEAP_SNAPSHOT) v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
        return { idle, peak, kept, heapLimit: v8.getHeapStatistics().heap_size_limit } satisfies MemoryAnswer;
      }
      case 'stop':
        await clusters.stop();
        await knex.destroy();
        await fs.rm(cacheDir, { recursive: true, force: true });
        await fs.rm(databaseDir, { recursive: true, force: true });
        return {};
      default:
        throw new Error(`unknown request ${JSON.stringify(request)}`);
    }
  };
  process.on('message', (request: EngineRequest) => {
    answer(request).then(
      value => process.send!({ answer: { value } }),
      error => process.send!({ answer: { error: String(error?.stack ?? error) } }),
    );
  });
  process.send!({ answer: { value: 'ready' } });
}

// A bench that failed or was stopped leaves no engine behind.
process.on('disconnect', () => process.exit(0));
start(JSON.parse(process.argv[2])).catch(error => {
  process.send!({ answer: { error: String(error?.stack ?? error) } });
});
