import {
  AuditLog,
  auditLog,
  ensureRoutingCrds,
  startKube,
  startPostgres,
  startPrometheus,
  startTrafficSimulator,
  stopPostgres,
  TrafficSimulator,
} from '@internal/test-env';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  catalogYaml,
  changeFiles,
  FleetApp,
  fleetApps,
  FleetOptions,
  FLEET_OWNER,
} from './fleet';
import { GitopsApi } from './GitopsApi';
import { StoppableGitServer, SwitchedServer } from './infra/stoppableServices';
import { TcpSwitch } from './infra/TcpSwitch';
import { ReplicaProcess } from './ReplicaProcess';

/** The periods the replicas run with: short in tests, production-like in the soak. */
export interface ReplicaTimings {
  /** `slipway.sync.intervalSeconds` */
  syncIntervalSeconds: number;
  /** `slipway.sync.leaseSeconds`: a dead replica's apps move after this. */
  leaseSeconds: number;
  /** Canary analysis interval of the fleet's Canaries (Flagger duration). */
  analysisInterval: string;
  /** Their `analysis.threshold`; 5 by default. */
  canaryThreshold?: number;
}

export interface HarnessOptions extends ReplicaTimings {
  replicas: number;
  apps: number;
  canaries: number;
  /** Extra `slipway` config merged over the harness's. */
  slipway?: Record<string, unknown>;
  /** Where logs and configs go; a temporary folder (removed unless `keepWorkDir`) by default. */
  workDir?: string;
  keepWorkDir?: boolean;
  /** How long a replica may take to serve; default 120 s. */
  replicaStartTimeoutMs?: number;
  /** Progress lines (what started, how long it took). */
  log?: (line: string) => void;
}

const REPO = 'fleet';

/**
 * N backend replicas (separate processes) on one PostgreSQL database,
 * delivering a generated fleet of apps from the harness's own git server to
 * the local control plane (through a switch that can cut it off), with
 * canaries analysed on the harness's own Prometheus. Starts, kills (-9) and
 * restarts replicas, and stops everything it started.
 */
export class ReplicaHarness {
  readonly apps: FleetApp[];
  readonly api: GitopsApi;
  readonly replicas: Array<ReplicaProcess | undefined>;
  /** Every replica process started, for the reports: name, pid, how it ended. */
  readonly history: Array<{ slot: number; pid: number; killedAt?: number }> =
    [];
  /** Milliseconds each replica took to serve. */
  readonly startupMs: number[] = [];
  #cleanups: Array<() => Promise<unknown>> = [];
  #changeOf = new Map<string, number>();
  #logsKept = false;

  private constructor(
    readonly options: HarnessOptions,
    readonly suffix: string,
    readonly namespace: string,
    readonly workDir: string,
    private readonly fleet: FleetOptions,
    readonly git: StoppableGitServer,
    readonly apiServer: SwitchedServer,
    readonly prometheus: SwitchedServer,
    readonly simulator: TrafficSimulator,
    readonly audit: AuditLog,
    readonly db: Knex,
    private readonly config: ReturnType<typeof replicaConfig>,
    cleanups: Array<() => Promise<unknown>>,
  ) {
    this.apps = fleetApps(fleet);
    for (const app of this.apps) this.#changeOf.set(app.name, 0);
    this.replicas = new Array(options.replicas).fill(undefined);
    this.api = new GitopsApi(() => this.replicaUrls());
    this.#cleanups = cleanups;
  }

  static async start(options: HarnessOptions): Promise<ReplicaHarness> {
    const cleanups: Array<() => Promise<unknown>> = [];
    const suffix = randomBytes(3).toString('hex');
    const workDir =
      options.workDir ??
      (await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-replicas-')));
    await fs.mkdir(workDir, { recursive: true });
    try {
      return await ReplicaHarness.#start(options, suffix, workDir, cleanups);
    } catch (error) {
      await runCleanups(cleanups);
      throw error;
    }
  }

  static async #start(
    options: HarnessOptions,
    suffix: string,
    workDir: string,
    cleanups: Array<() => Promise<unknown>>,
  ): Promise<ReplicaHarness> {
    const namespace = `replicas-${suffix}`;
    const dbPrefix = `slipway_replicas_${suffix}_`;
    let lap = Date.now();
    const step = (what: string) => {
      options.log?.(`${what} in ${Date.now() - lap} ms`);
      lap = Date.now();
    };

    const pg = await startPostgres();
    if (pg.startedHere) cleanups.push(stopPostgres);
    step('PostgreSQL');

    // The shared control plane, reached through a switch of the harness's own.
    const kube = await startKube();
    const server = new URL(kube.server);
    const proxy = await TcpSwitch.start({
      host: server.hostname,
      port: Number(server.port),
    });
    cleanups.push(() => proxy.off());
    const apiServer = new SwitchedServer('API server', proxy, 'https');
    const kubeconfigPath = path.join(workDir, 'kubeconfig');
    await fs.writeFile(
      kubeconfigPath,
      (
        await fs.readFile(kube.kubeconfigPath, 'utf8')
      ).replaceAll(kube.server, apiServer.url),
    );
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    await ensureRoutingCrds(kube.kubeconfigPath);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    cleanups.push(() => core.deleteNamespace({ name: namespace }));
    step('control plane, routing CRDs and namespace');

    const gitHome = path.join(workDir, 'git-home');
    await fs.mkdir(gitHome, { recursive: true });
    const git = await StoppableGitServer.start(
      path.join(workDir, 'git'),
      gitHome,
    );
    cleanups.push(() => git.stop());
    const fleet: FleetOptions = {
      apps: options.apps,
      canaries: options.canaries,
      namespace,
      repoUrl: git.repos.repoUrl(REPO),
      analysisInterval: options.analysisInterval,
      canaryThreshold: options.canaryThreshold,
    };
    await git.repos.createBareRepo(
      REPO,
      changeFiles(
        fleetApps(fleet).map(app => ({ app, change: 0 })),
        fleet,
      ),
    );
    const catalogFile = path.join(workDir, 'catalog.yaml');
    await fs.writeFile(catalogFile, catalogYaml(fleet));
    step('git server and the fleet repository');

    // Traffic to every canary, split by the VirtualService the rollout engine writes.
    const simulator = await startTrafficSimulator({
      apps: fleetApps(fleet)
        .filter(app => app.canary)
        .map(app => ({
          name: app.name,
          namespace,
          routing: { provider: 'istio' },
        })),
      kubeconfigPath: kube.kubeconfigPath,
      tickIntervalMs: 1000,
    });
    cleanups.push(() => simulator.close());
    // Every 2 s: enough for one-minute windows, half the work of the default.
    const realPrometheus = await startPrometheus({
      scrapeTargets: [simulator.scrapeTarget],
      scrapeInterval: '2s',
    });
    cleanups.push(() => realPrometheus.close());
    const prometheusUrl = new URL(realPrometheus.url);
    const prometheusSwitch = await TcpSwitch.start({
      host: prometheusUrl.hostname,
      port: Number(prometheusUrl.port),
    });
    cleanups.push(() => prometheusSwitch.off());
    const prometheus = new SwitchedServer(
      'Prometheus',
      prometheusSwitch,
      'http',
    );
    step('traffic simulator and Prometheus');

    const config = replicaConfig({
      options,
      connection: pg.connectionString,
      dbPrefix,
      catalogFile,
      kubeconfigPath,
      namespace,
      metricsServer: prometheus.url,
    });
    const db = knexFactory({
      client: 'pg',
      connection: `${pg.connectionString}/${dbPrefix}gitops`,
      pool: { min: 0, max: 2 },
    });
    cleanups.push(() => dropDatabases(pg.connectionString, dbPrefix));
    cleanups.push(() => db.destroy());

    const harness = new ReplicaHarness(
      options,
      suffix,
      namespace,
      workDir,
      fleet,
      git,
      apiServer,
      prometheus,
      simulator,
      auditLog(kube.auditLogPath),
      db,
      config,
      cleanups,
    );
    cleanups.push(() => harness.#stopReplicas());
    // The first replica creates the databases and runs the migrations alone.
    await harness.startReplica(0);
    step('first replica (databases and migrations)');
    await Promise.all(
      harness.replicas.slice(1).map((_, i) => harness.startReplica(i + 1)),
    );
    step(`${options.replicas - 1} more replicas`);
    return harness;
  }

  /** URLs of the replicas running now. */
  replicaUrls(): string[] {
    return this.replicas.flatMap(r => (r?.running ? [r.url] : []));
  }

  running(): ReplicaProcess[] {
    return this.replicas.flatMap(r => (r?.running ? [r] : []));
  }

  logFile(slot: number) {
    return path.join(this.workDir, `replica-${slot}.log`);
  }

  /** Starts the replica of a slot (a new process, so a new instance id). */
  async startReplica(slot: number): Promise<ReplicaProcess> {
    if (this.replicas[slot]?.running) {
      throw new Error(`replica ${slot} is running`);
    }
    // A slot keeps its git cache across restarts, as a restarted container keeps its volume.
    const configFile = path.join(this.workDir, `replica-${slot}.json`);
    const config = structuredClone(this.config);
    config.slipway.cacheDir = path.join(this.workDir, `git-cache-${slot}`);
    await fs.writeFile(configFile, JSON.stringify(config, null, 2));
    const started = Date.now();
    const replica = await ReplicaProcess.start({
      name: `replica-${slot}`,
      configFile,
      logFile: this.logFile(slot),
      timeoutMs: this.options.replicaStartTimeoutMs ?? 120_000,
    });
    this.startupMs.push(Date.now() - started);
    this.replicas[slot] = replica;
    this.history.push({ slot, pid: replica.pid });
    return replica;
  }

  /** kill -9 of a slot's replica. Returns its pid (part of its instance id). */
  async killReplica(slot: number): Promise<number> {
    const replica = this.replicas[slot];
    if (!replica?.running) throw new Error(`replica ${slot} is not running`);
    await replica.kill();
    const entry = this.history.find(h => h.pid === replica.pid);
    if (entry) entry.killedAt = Date.now();
    return replica.pid;
  }

  /** Pids of every replica killed so far. */
  killedPids(): number[] {
    return this.history.flatMap(h => (h.killedAt ? [h.pid] : []));
  }

  /** The change number each app's files are at in git. */
  changeOf(app: FleetApp): number {
    return this.#changeOf.get(app.name)!;
  }

  /** Commits the next change of the given apps; returns the commit SHA. */
  async commitChange(apps: FleetApp[], message: string): Promise<string> {
    const changes = apps.map(app => ({ app, change: this.changeOf(app) + 1 }));
    const sha = await this.git.repos.commit(
      REPO,
      changeFiles(changes, this.fleet),
      message,
    );
    for (const { app, change } of changes) this.#changeOf.set(app.name, change);
    return sha;
  }

  /** Keeps the work folder (replica logs) after `stop`, e.g. when a check failed. */
  keepLogs() {
    this.#logsKept = true;
  }

  async #stopReplicas() {
    await Promise.all(this.replicas.map(r => r?.stop()));
  }

  /** Stops the replicas and everything the harness started; drops its databases. */
  async stop(): Promise<void> {
    await runCleanups(this.#cleanups);
    if (!this.options.keepWorkDir && !this.#logsKept) {
      await fs.rm(this.workDir, { recursive: true, force: true });
    }
  }
}

/** Newest first; every cleanup runs even if one fails. */
async function runCleanups(cleanups: Array<() => Promise<unknown>>) {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch(() => undefined);
  }
}

/** Drops every database the replicas created under the prefix. */
async function dropDatabases(connection: string, prefix: string) {
  const admin = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 1 },
  });
  try {
    const { rows } = await admin.raw<{ rows: Array<{ datname: string }> }>(
      'select datname from pg_database where datname like ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('drop database if exists ?? with (force)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}

function replicaConfig(o: {
  options: HarnessOptions;
  connection: string;
  dbPrefix: string;
  catalogFile: string;
  kubeconfigPath: string;
  namespace: string;
  metricsServer: string;
}) {
  const { options } = o;
  return {
    backend: {
      database: {
        client: 'pg',
        connection: o.connection,
        prefix: o.dbPrefix,
        knexConfig: { pool: { min: 0, max: 8 } },
      },
    },
    catalog: {
      rules: [{ allow: ['Component'] }],
      locations: [{ type: 'file', target: o.catalogFile }],
    },
    slipway: {
      clusters: [
        {
          name: 'local',
          auth: 'kubeconfig',
          kubeconfigPath: o.kubeconfigPath,
          namespaces: [o.namespace],
        },
      ],
      projects: [
        {
          name: 'replicas',
          owners: [FLEET_OWNER],
          sourceRepos: ['**'],
          destinations: [{ cluster: 'local', namespaces: [o.namespace] }],
          outboundHosts: ['127.0.0.1:*'],
        },
      ],
      defaultProject: 'replicas',
      sync: {
        intervalSeconds: options.syncIntervalSeconds,
        jitterSeconds: 0,
        leaseSeconds: options.leaseSeconds,
        catalogRefreshSeconds: 2,
        refsMaxAgeSeconds: 1,
      },
      rollouts: {
        metricsServer: o.metricsServer,
        minIntervalSeconds: 1,
        leaseSeconds: options.leaseSeconds,
      },
      cacheDir: '',
      ...options.slipway,
    },
  };
}
