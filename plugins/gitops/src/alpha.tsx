/**
 * Slipway's frontend plugin for Backstage's new frontend system: the
 * GitOps, History and Canary entity tabs, the overview card, the fleet
 * page and the API client.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import SyncIcon from '@material-ui/icons/Sync';
import { GitopsClient, gitopsApiRef } from './api';
import { isGitopsAvailable } from './conditions';
import { fleetRouteRef, rootRouteRef } from './routes';

/**
 * The Slipway API client, with the same dependencies as the legacy plugin's.
 *
 * @alpha
 */
export const gitopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: gitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new GitopsClient(deps),
    }),
});

/**
 * The "GitOps" entity tab, shown on entities with the Slipway annotations.
 *
 * @alpha
 */
export const gitopsEntityContent = EntityContentBlueprint.make({
  name: 'gitops',
  params: {
    path: '/gitops',
    title: 'GitOps',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    filter: isGitopsAvailable,
    loader: () =>
      import('./components/GitopsContent').then(m =>
        compatWrapper(<m.GitopsContent />),
      ),
  },
});

/**
 * The "History" entity tab, shown on entities with the Slipway annotations.
 *
 * @alpha
 */
export const gitopsHistoryEntityContent = EntityContentBlueprint.make({
  name: 'history',
  params: {
    path: '/history',
    title: 'History',
    filter: isGitopsAvailable,
    loader: () =>
      import('./components/HistoryContent').then(m =>
        compatWrapper(<m.HistoryContent />),
      ),
  },
});

/**
 * The "Canary" entity tab, shown on entities with the Slipway annotations.
 *
 * @alpha
 */
export const canaryEntityContent = EntityContentBlueprint.make({
  name: 'canary',
  params: {
    path: '/canary',
    title: 'Canary',
    filter: isGitopsAvailable,
    loader: () =>
      import('./components/CanaryContent').then(m =>
        compatWrapper(<m.CanaryContent />),
      ),
  },
});

/**
 * The overview card: sync, health and rollout state at a glance.
 *
 * @alpha
 */
export const gitopsOverviewEntityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isGitopsAvailable,
    loader: () =>
      import('./components/OverviewCard').then(m =>
        compatWrapper(<m.OverviewCard />),
      ),
  },
});

/**
 * The fleet page: every app of every Slipway entity, mounted at `/gitops`.
 *
 * @alpha
 */
export const gitopsFleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/gitops',
    title: 'GitOps',
    icon: <SyncIcon />,
    routeRef: convertLegacyRouteRef(fleetRouteRef),
    // The page draws its own header, as it does in the legacy system.
    noHeader: true,
    loader: () =>
      import('./components/FleetPage').then(m =>
        compatWrapper(<m.FleetPage />),
      ),
  },
});

/**
 * Slipway for Backstage's new frontend system. Installing the package is
 * enough in an app with feature discovery; otherwise add it to `features`
 * of `createApp`.
 *
 * @alpha
 */
const gitopsPlugin = createFrontendPlugin({
  pluginId: 'gitops',
  title: 'GitOps',
  icon: <SyncIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: convertLegacyRouteRefs({ root: rootRouteRef, fleet: fleetRouteRef }),
  extensions: [
    gitopsApi,
    gitopsEntityContent,
    gitopsHistoryEntityContent,
    canaryEntityContent,
    gitopsOverviewEntityCard,
    gitopsFleetPage,
  ],
});

export default gitopsPlugin;
