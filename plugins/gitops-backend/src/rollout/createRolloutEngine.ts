import type {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type {
  AlertProvider,
  MetricProvider,
  TrafficRouter,
} from '@slipway/plugin-gitops-node';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DatabaseRolloutStore } from '../database/DatabaseRolloutStore';
import type { GitopsStore } from '../database/GitopsStore';
import type { DeliveryEvents } from '../notifications/DeliveryEvents';
import { createRolloutAnalysis } from './analysis';
import { createArgoRuns } from './engine/argo/createArgoRuns';
import { createArgoTraffic } from './engine/argo/createArgoTraffic';
import type { ArgoRolloutState } from './engine/argo/state';
import {
  RolloutEngine,
  type RolloutEngineOptions,
} from './engine/RolloutEngine';
import { CachedRolloutReads } from './cachedRolloutReads';
import { rolloutClusterOf } from './rolloutCluster';
import { builtinTrafficRouters, selectTrafficRouter } from './routers';
import { defaultProvidersOf } from './defaultProviders';
import type { ParseOptions } from './spec';
import { createWorkloads } from './workloads';

const seconds = (value: number | undefined) =>
  value === undefined ? undefined : value * 1000;

/**
 * The rollout engine as configured under `slipway.rollouts`, with the
 * modules' extensions; started (claiming due rollouts from the database)
 * unless `slipway.rollouts.enabled` is false.
 */
export async function createRolloutEngine(options: {
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  store: GitopsStore;
  clusters: ClusterRegistry;
  extensions: {
    trafficRouters: TrafficRouter[];
    metricProviders: MetricProvider[];
    alertProviders: AlertProvider[];
  };
  /** The replica's identity (`owner`); lease and polling for tests, else from config. */
  engineOptions?: RolloutEngineOptions;
  /** Owner notifications and live-update pings. */
  events?: DeliveryEvents;
}): Promise<{
  engine: RolloutEngine;
  rolloutStore: DatabaseRolloutStore<ArgoRolloutState>;
  parseOptions: ParseOptions;
}> {
  const { config, logger, store, clusters, extensions } = options;
  const settings = config.getOptionalConfig('slipway.rollouts');
  const metricsServer = settings?.getOptionalString('metricsServer');
  const parseOptions: ParseOptions = {
    ...defaultProvidersOf(config),
    defaultMetricsServer: metricsServer,
    minIntervalMs:
      (settings?.getOptionalNumber('minIntervalSeconds') ?? 10) * 1000,
  };
  const rolloutStore = await DatabaseRolloutStore.create<ArgoRolloutState>({
    database: options.database,
  });
  // A module's router for a provider replaces the builtin one.
  const routers = [...extensions.trafficRouters, ...builtinTrafficRouters()];
  const cachedReads = new CachedRolloutReads();
  const engine = new RolloutEngine(
    {
      store: rolloutStore,
      workloads: createWorkloads(),
      routers: provider => selectTrafficRouter(routers, provider),
      analysis: createRolloutAnalysis({
        metricProviders: extensions.metricProviders,
        alertProviders: extensions.alertProviders,
        defaultMetricsServer: metricsServer,
        logger,
      }),
      argo: {
        runs: createArgoRuns({ defaultMetricsServer: metricsServer }),
        traffic: createArgoTraffic(),
      },
      clusterOf: app =>
        rolloutClusterOf(clusters.get(app.cluster), app.project, cachedReads),
      commitOf: key => store.appliedRevision(key),
      logger: logger.child({ engine: 'rollouts' }),
      events: options.events,
    },
    {
      concurrency: settings?.getOptionalNumber('concurrency') ?? 10,
      leaseMs: seconds(settings?.getOptionalNumber('leaseSeconds')),
      pollIntervalMs: settings?.getOptionalNumber('claimIntervalMs'),
      ...options.engineOptions,
    },
  );
  // Rollouts run from the database, on any replica, unless turned off here.
  if (settings?.getOptionalBoolean('enabled') ?? true) engine.start();
  return { engine, rolloutStore, parseOptions };
}
