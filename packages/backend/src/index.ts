import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the built frontend in production.
backend.add(import('@backstage/plugin-app-backend'));

// Guest sign-in for local use; add a real provider for production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@slipway/plugin-scaffolder-backend-module-gitops'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissions/module'));

// Owner notifications (the portal's Notifications page) and signals, which
// push them and Slipway's live updates to open pages.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The events bus: on PostgreSQL it carries signals between backend replicas,
// so a tab gets live updates whichever replica it is connected to.
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@slipway/plugin-gitops-backend'));
// Lets the catalog read catalog-info.yaml from plain git servers listed in
// slipway.gitReader.allowedHosts (the local demo's git server).
backend.add(import('@slipway/plugin-gitops-backend-module-git-url-reader'));

backend.start();
