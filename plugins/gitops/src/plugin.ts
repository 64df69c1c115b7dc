import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { GitopsClient, gitopsApiRef } from './api';
import { fleetRouteRef, rootRouteRef } from './routes';

/** @public */
export const gitopsPlugin = createPlugin({
  id: 'gitops',
  routes: { root: rootRouteRef, fleet: fleetRouteRef },
  apis: [
    createApiFactory({
      api: gitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new GitopsClient(deps),
    }),
  ],
});

/**
 * The "GitOps" entity tab.
 *
 * @public
 */
export const EntityGitopsContent = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGitopsContent',
    component: () =>
      import('./components/GitopsContent').then(m => m.GitopsContent),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "History" entity tab.
 *
 * @public
 */
export const EntityGitopsHistoryContent = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitopsHistoryContent',
    component: {
      lazy: () =>
        import('./components/HistoryContent').then(m => m.HistoryContent),
    },
  }),
);

/**
 * The "Canary" entity tab.
 *
 * @public
 */
export const EntityCanaryContent = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityCanaryContent',
    component: {
      lazy: () =>
        import('./components/CanaryContent').then(m => m.CanaryContent),
    },
  }),
);

/**
 * The overview card: sync, health and rollout state at a glance.
 *
 * @public
 */
export const EntityGitopsOverviewCard = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitopsOverviewCard',
    component: {
      lazy: () => import('./components/OverviewCard').then(m => m.OverviewCard),
    },
  }),
);

/**
 * The fleet page: every app of every Slipway entity, mounted at `/gitops`.
 *
 * @public
 */
export const GitopsFleetPage = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'GitopsFleetPage',
    component: () => import('./components/FleetPage').then(m => m.FleetPage),
    mountPoint: fleetRouteRef,
  }),
);
