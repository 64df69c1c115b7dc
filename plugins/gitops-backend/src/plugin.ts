import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { gitopsPermissions } from '@internal/plugin-gitops-common';
import {
  gitopsAlertProviderExtensionPoint,
  gitopsMetricProviderExtensionPoint,
  gitopsRendererExtensionPoint,
  gitopsTrafficRouterExtensionPoint,
} from '@internal/plugin-gitops-node';
import { DatabaseGitopsStore } from './database/DatabaseGitopsStore';
import { ExtensionRegistry } from './extensions/ExtensionRegistry';
import { createRouter } from './router';

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
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({ logger, database, httpRouter, permissionsRegistry, ...deps }) {
        const store = await DatabaseGitopsStore.create({ database });
        permissionsRegistry.addPermissions(gitopsPermissions);
        httpRouter.use(await createRouter({ ...deps, store }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Slipway ready', extensions.summary());
      },
    });
  },
});
