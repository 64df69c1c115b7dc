import type {
  GitopsOperation,
  gitopsRoutes,
} from '@slipway/plugin-gitops-common';

/** The operations of the REST API the CLI calls. */
export type CliOperation = Extract<
  GitopsOperation,
  | 'listFleetApps'
  | 'listEntityApps'
  | 'getApp'
  | 'syncApp'
  | 'rollbackApp'
  | 'unpinApp'
  | 'getOperation'
  | 'getRun'
  | 'listHistory'
  | 'listRollouts'
  | 'listRolloutRuns'
  | 'listRolloutEvents'
  | 'controlRollout'
>;

type Routes = typeof gitopsRoutes;

/**
 * Method and path template of each operation the CLI calls. The compiler
 * holds every entry to the spec's own (`gitopsRoutes` in gitops-common,
 * itself held to the generated client), so a changed route fails `tsc`;
 * the import is of types only, so the CLI carries none of the plugin's code.
 */
export const CLI_ROUTES = {
  listFleetApps: { method: 'GET', path: '/apps' },
  listEntityApps: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps',
  },
  getApp: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}',
  },
  syncApp: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/sync',
  },
  rollbackApp: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollback',
  },
  unpinApp: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/unpin',
  },
  getOperation: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/operations/{operationId}',
  },
  getRun: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/runs/{runId}',
  },
  listHistory: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/history',
  },
  listRollouts: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts',
  },
  listRolloutRuns: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts/{rollout}/runs',
  },
  listRolloutEvents: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts/{rollout}/events',
  },
  controlRollout: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts/{rollout}/{action}',
  },
} as const satisfies { [Op in CliOperation]: Routes[Op] };
