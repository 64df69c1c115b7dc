/**
 * The replicas part of `yarn bench:sync`: several sync engines, each with
 * its own database pool, watch caches and repository cache as separate
 * backends have, sharing the work of one fleet through one PostgreSQL.
 * They run in this process, so CPU figures are those of all replicas.
 */
import fs from 'node:fs/promises';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SLIPWAY_ANNOTATIONS } from '@slipway/plugin-gitops-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { ClusterRegistry } from '../src/clusters/ClusterRegistry';
import { DatabaseAppLeases } from '../src/database/DatabaseAppLeases';
import { DatabaseGitopsStore } from '../src/database/DatabaseGitopsStore';
import { DatabaseOperationStore } from '../src/database/DatabaseOperationStore';
import { followLiveChanges } from '../src/sync/engine/followLiveChanges';
import { SyncEngine } from '../src/sync/engine/SyncEngine';
import { testProjectSettings } from '../src/__testUtils__/testProject';
import { benchReconciler, localClusters } from './benchParts';

export interface ReplicaBenchOptions {
  replicas: number;
  apps: number;
  repoUrl: string;
  namespace: string;
  kubeconfigPath: string;
  postgres: string;
  concurrency: number;
  logger: LoggerService;
  /** Wraps the steady-state window, e.g. in a CPU profile. */
  measure<T>(work: () => Promise<T>): Promise<T>;
  /** Pushes a change to every app; resolves with the new commit. */
  commit(): Promise<string>;
}

export interface ReplicaFigures {
  firstSyncMs: number;
  commitToSyncedMs: number;
  /** Sync runs of the commit, per replica. */
  runsPerReplica: number[];
  /** Apps synced more than once for the commit: should be 0. */
  appliedTwice: number;
  /** What those extra runs were: trigger and result. */
  extraRuns: string[];
  /** Steady state: CPU of all replicas per reconcile, and API requests. */
  cpuPerReconcileMs: number;
  requestsPerReconcile: number;
  steadyReconciles: number;
}

const INTERVAL_MS = 10_000;
const STEADY_MS = 30_000;

const entity = (i: number, options: ReplicaBenchOptions): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `app-${i}`,
    namespace: 'default',
    annotations: {
      [SLIPWAY_ANNOTATIONS.repo]: options.repoUrl,
      [SLIPWAY_ANNOTATIONS.path]: `apps/app-${i}`,
      [SLIPWAY_ANNOTATIONS.clusters]: 'local',
      [SLIPWAY_ANNOTATIONS.namespace]: options.namespace,
      [SLIPWAY_ANNOTATIONS.syncPolicy]: 'auto',
      [SLIPWAY_ANNOTATIONS.prune]: 'true',
      [SLIPWAY_ANNOTATIONS.selfHeal]: 'true',
    },
  },
  spec: { type: 'service', owner: 'test-team', lifecycle: 'production' },
});

/** A fresh database on the server, so runs of earlier benches do not count. */
async function freshDatabase(connection: string): Promise<string> {
  const name = `slipway_bench_${Date.now().toString(36)}`;
  const admin = knexFactory({ client: 'pg', connection });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(connection);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Replica {
  knex: Knex;
  engine: SyncEngine;
  clusters: ClusterRegistry;
  cacheDir: string;
}

async function startReplica(
  index: number,
  connection: string,
  catalog: CatalogService,
  options: ReplicaBenchOptions,
  counters: { reconciles: number },
): Promise<Replica> {
  const knex = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 10 },
  });
  const database = { getClient: async () => knex, migrations: { skip: false } };
  const store = await DatabaseGitopsStore.create({ database });
  const leases = new DatabaseAppLeases(knex);
  const clusters = localClusters(options.kubeconfigPath, [options.namespace]);
  const { reconciler, repos, cacheDir } = await benchReconciler({
    store,
    clusters,
    logger: options.logger,
  });
  const reconcile = reconciler.reconcile.bind(reconciler);
  reconciler.reconcile = (...args) => {
    counters.reconciles++;
    return reconcile(...args);
  };
  const engine = new SyncEngine(
    {
      store,
      leases,
      operations: new DatabaseOperationStore(knex),
      catalog,
      auth: mockServices.auth(),
      reconciler,
      logger: options.logger,
      repos,
      projects: testProjectSettings('group:default/test-team'),
    },
    {
      owner: `bench-replica-${index}`,
      intervalMs: INTERVAL_MS,
      jitterMs: INTERVAL_MS / 5,
      catalogRefreshMs: 3_600_000,
      concurrency: options.concurrency,
      leaseMs: 30_000,
      claimIntervalMs: 1_000,
    },
  );
  // As the plugin does: a change to an object an app owns makes it due.
  followLiveChanges([clusters.get('local').watchCache], engine);
  return { knex, engine, clusters, cacheDir };
}

export async function benchReplicas(
  options: ReplicaBenchOptions,
): Promise<ReplicaFigures> {
  const connection = await freshDatabase(options.postgres);
  const entities = Array.from({ length: options.apps }, (_, i) =>
    entity(i, options),
  );
  const catalog = {
    getEntities: async () => ({ items: entities }),
  } as unknown as CatalogService;
  const counters = { reconciles: 0 };
  const replicas: Replica[] = [];
  for (let i = 0; i < options.replicas; i++) {
    replicas.push(
      await startReplica(i, connection, catalog, options, counters),
    );
  }
  const db = replicas[0].knex;
  const requests = () =>
    replicas.reduce((sum, r) => sum + r.clusters.get('local').requests, 0);

  const untilAllSynced = async (sha?: string) => {
    const deadline = Date.now() + 20 * 60_000;
    for (;;) {
      const rows = await db('apps').select('sync_status', 'revision');
      const synced = rows.filter(
        r => r.sync_status === 'Synced' && (!sha || r.revision === sha),
      );
      if (synced.length === options.apps) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${options.apps - synced.length} of ${
            options.apps
          } apps not Synced after 20 minutes`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  };

  try {
    let started = Date.now();
    await Promise.all(replicas.map(r => r.engine.start()));
    await untilAllSynced();
    const firstSyncMs = Date.now() - started;

    const sha = await options.commit();
    started = Date.now();
    // What a push webhook does, on whichever replica receives it.
    await replicas[1 % replicas.length].engine.refreshRepo(options.repoUrl);
    await untilAllSynced(sha);
    const commitToSyncedMs = Date.now() - started;
    const runs: Array<{
      owner: string;
      app_key: string;
      trigger: string;
      result: string;
    }> = await db('sync_runs')
      .where({ revision: sha, dry_run: false })
      .orderBy('id')
      .select('owner', 'app_key', 'trigger', 'result');
    const runsPerReplica = replicas.map(
      (_, i) => runs.filter(r => r.owner === `bench-replica-${i}`).length,
    );
    const appliedTwice = runs.length - new Set(runs.map(r => r.app_key)).size;
    const extraRuns = runs
      .filter((r, i) => runs.findIndex(o => o.app_key === r.app_key) !== i)
      .map(r => `${r.trigger} ${r.result}`);

    // Steady state: every app comes due each interval and finds nothing to
    // do. Apps move between replicas, and each keeps its own caches: a few
    // intervals pass first, so most apps have been on every replica.
    await new Promise(resolve => setTimeout(resolve, 4 * INTERVAL_MS));
    return await options.measure(async () => {
      const reconcilesBefore = counters.reconciles;
      const requestsBefore = requests();
      const cpuBefore = process.cpuUsage();
      await new Promise(resolve => setTimeout(resolve, STEADY_MS));
      const cpu = process.cpuUsage(cpuBefore);
      const steadyReconciles = Math.max(
        1,
        counters.reconciles - reconcilesBefore,
      );
      return {
        firstSyncMs,
        commitToSyncedMs,
        runsPerReplica,
        appliedTwice,
        extraRuns,
        cpuPerReconcileMs: (cpu.user + cpu.system) / 1000 / steadyReconciles,
        requestsPerReconcile: (requests() - requestsBefore) / steadyReconciles,
        steadyReconciles,
      };
    });
  } finally {
    for (const replica of replicas) {
      await replica.engine.stop();
      await replica.clusters.stop();
      await replica.knex.destroy();
      await fs.rm(replica.cacheDir, { recursive: true, force: true });
    }
  }
}
