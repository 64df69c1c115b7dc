import {
  coreServices,
  createBackendPlugin,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { gitopsPermissions } from '@slipway/plugin-gitops-common';
import {
  readProjects,
  gitopsAlertProviderExtensionPoint,
  gitopsMetricProviderExtensionPoint,
  gitopsRendererExtensionPoint,
  gitopsTrafficRouterExtensionPoint,
  ProjectSettings,
} from '@slipway/plugin-gitops-node';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { DatabaseAppLeases } from './database/DatabaseAppLeases';
import { DatabaseGitopsStore } from './database/DatabaseGitopsStore';
import { DatabaseOperationStore } from './database/DatabaseOperationStore';
import { instanceId } from './service/instanceId';
import { OtelEngineMetrics } from './metrics';
import { OwnerNotifier, readNotificationSettings } from './notifications';
import { ExtensionRegistry } from './extensions/ExtensionRegistry';
import { createRolloutEngine } from './rollout/createRolloutEngine';
import { createRouter } from './router';
import {
  ConfigGitCredentialsProvider,
  RepoCache,
} from '@slipway/plugin-gitops-node';
import { AppReconciler } from './sync/AppReconciler';
import { followLiveChanges } from './sync/engine/followLiveChanges';
import { SyncEngine } from './sync/engine/SyncEngine';

/**
 * Slipway's backend plugin: the GitOps sync engine, the rollout engine and
 * their REST API.
 *
 * @public
 */
export const gitopsPlugin = createBackendPlugin({
  pluginId: 'gitops',
  register(env) {
    const extensions = new ExtensionRegistry();
    env.registerExtensionPoint(gitopsRendererExtensionPoint, {
      addRenderer: r => extensions.add('renderer', r.name, r),
    });
    env.registerExtensionPoint(gitopsTrafficRouterExtensionPoint, {
      addTrafficRouter: r => extensions.add('trafficRouter', r.provider, r),
    });
    env.registerExtensionPoint(gitopsMetricProviderExtensionPoint, {
      addMetricProvider: p => extensions.add('metricProvider', p.type, p),
    });
    env.registerExtensionPoint(gitopsAlertProviderExtensionPoint, {
      addAlertProvider: p => extensions.add('alertProvider', p.type, p),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        metrics: metricsServiceRef,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        instanceMetadata: coreServices.rootInstanceMetadata,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        metrics,
        lifecycle,
        auth,
        httpRouter,
        permissionsRegistry,
        notifications,
        signals,
        instanceMetadata,
        ...deps
      }) {
        const store = await DatabaseGitopsStore.create({ database });
        const client = await database.getClient();
        const leases = new DatabaseAppLeases(client);
        const operations = new DatabaseOperationStore(client);
        const owner = instanceId();
        const engineMetrics = new OtelEngineMetrics(metrics);
        const projects = readProjects(config);
        warnAboutProjects(projects, logger);
        const clusters = ClusterRegistry.fromConfig(config, { logger });
        const seconds = (key: string, fallback: number) =>
          (config.getOptionalNumber(`slipway.sync.${key}`) ?? fallback) * 1000;
        const repos = new RepoCache({
          cacheDir: config.getOptionalString('slipway.cacheDir'),
          credentials: ConfigGitCredentialsProvider.fromConfig(config),
          refsMaxAgeMs: seconds('refsMaxAgeSeconds', 10),
        });
        const rolloutsEnabled =
          config.getOptionalBoolean('slipway.rollouts.enabled') ?? true;
        // Owner notifications and live updates, each on when its Backstage
        // plugin runs in this backend unless config says otherwise.
        const installed = new Set(
          (await instanceMetadata.getInstalledPlugins()).map(p => p.pluginId),
        );
        const notificationSettings = readNotificationSettings(config);
        const notifying =
          notificationSettings.enabled ?? installed.has('notifications');
        const signalling =
          config.getOptionalBoolean('slipway.signals.enabled') ??
          installed.has('signals');
        const notifier = new OwnerNotifier({
          db: client,
          logger: logger.child({ component: 'notifications' }),
          settings: notificationSettings,
          notifications: notifying ? notifications : undefined,
          signals: signalling ? signals : undefined,
        });
        if (notifying) {
          // Events whose delivery failed (the notifications backend was
          // away), sent again by one replica at a time.
          await scheduler.scheduleTask({
            id: 'gitops-notifications-outbox',
            scope: 'global',
            frequency: { seconds: 60 },
            timeout: { seconds: 300 },
            initialDelay: { seconds: 30 },
            fn: async () => {
              await notifier.deliverPending();
            },
          });
        }
        const rollouts = await createRolloutEngine({
          config,
          database,
          logger,
          store,
          clusters,
          // One name per process in every lease, run and operation.
          engineOptions: { owner },
          events: notifier,
          extensions: {
            trafficRouters: extensions.list('trafficRouter'),
            metricProviders: extensions.list('metricProvider'),
            alertProviders: extensions.list('alertProvider'),
          },
        });
        const reconciler = new AppReconciler({
          store,
          repos,
          clusters,
          renderers: extensions.list('renderer'),
          logger,
          rollouts: rolloutsEnabled ? rollouts.engine : undefined,
          rolloutDefaults: rollouts.parseOptions,
          metrics: engineMetrics,
          events: notifier,
        });
        const engine = new SyncEngine(
          {
            store,
            leases,
            operations,
            catalog: deps.catalog,
            auth,
            reconciler,
            logger,
            repos,
            projects,
            scheduler,
            metrics: engineMetrics,
          },
          {
            owner,
            intervalMs: seconds('intervalSeconds', 120),
            jitterMs: seconds('jitterSeconds', 60),
            catalogRefreshMs: seconds('catalogRefreshSeconds', 30),
            concurrency:
              config.getOptionalNumber('slipway.sync.concurrency') ?? 10,
            leaseMs: seconds('leaseSeconds', 30),
            claimIntervalMs:
              config.getOptionalNumber('slipway.sync.claimIntervalMs') ?? 1_000,
          },
        );
        followLiveChanges(
          clusters.list().map(cluster => cluster.watchCache),
          engine,
        );

        permissionsRegistry.addPermissions(gitopsPermissions);
        httpRouter.use(
          await createRouter({
            ...deps,
            logger,
            store,
            operations,
            engine,
            repos,
            rollouts: rolloutsEnabled
              ? { store: rollouts.rolloutStore, control: rollouts.engine }
              : undefined,
            webhooks: {
              secret: config.getOptionalString('slipway.webhooks.secret'),
              maxBodyBytes:
                config.getOptionalNumber('slipway.webhooks.maxBodyBytes') ??
                1024 * 1024,
            },
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });

        const stopQueueGauge = engineMetrics.observeSyncQueue(() =>
          leases.queueDepth(),
        );
        // The catalog answers only once the backend is up.
        lifecycle.addStartupHook(() => engine.start());
        lifecycle.addShutdownHook(async () => {
          stopQueueGauge();
          await engine.stop();
          await rollouts.engine.stop();
          await notifier.settled();
          await clusters.stop();
        });
        logger.info('Slipway ready', {
          instance: owner,
          notifications: notifying,
          signals: signalling,
          clusters: clusters.list().map(c => c.name),
          ...extensions.summary(),
        });
      },
    });
  },
});

// Projects are the tenancy wall; say at startup where it is thin.
function warnAboutProjects(settings: ProjectSettings, logger: LoggerService) {
  if (!settings.projects.length) {
    logger.warn(
      'slipway.projects is empty: no entity can be delivered until a project grants it',
    );
  }
  for (const project of settings.projects) {
    for (const d of project.destinations.filter(dest => !dest.serviceAccount)) {
      logger.warn(
        `Project '${project.name}' destination ${d.cluster}/${d.namespaces.join(
          ',',
        )} names no serviceAccount: ` +
          'Slipway writes there with its own identity, so Kubernetes RBAC is no second wall',
      );
    }
  }
}
