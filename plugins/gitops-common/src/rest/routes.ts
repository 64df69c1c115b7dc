import type { GitopsOperation, GitopsRequest } from './operations';

/**
 * Method and path template of each operation, exactly as in the spec; a test
 * holds this table to the client generated from it.
 *
 * @public
 */
export const gitopsRoutes = {
  getHealth: { method: 'GET', path: '/health' },
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
  refreshApp: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/refresh',
  },
  rollbackApp: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollback',
  },
  getOperation: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/operations/{operationId}',
  },
  revertApp: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/revert',
  },
  unpinApp: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/unpin',
  },
  listRollouts: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts',
  },
  listRolloutRuns: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts/{rollout}/runs',
  },
  getRolloutRun: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts/{rollout}/runs/{runId}',
  },
  listRolloutEvents: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts/{rollout}/events',
  },
  controlRollout: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/apps/{cluster}/rollouts/{rollout}/{action}',
  },
  listHistory: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/history',
  },
  listAudit: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/audit',
  },
  getRun: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/runs/{runId}',
  },
  receivePushWebhook: { method: 'POST', path: '/webhooks/{provider}' },
} as const satisfies Record<
  GitopsOperation,
  { method: 'GET' | 'POST'; path: string }
>;

/**
 * The path and query of one request, relative to the plugin's base URL:
 * path parameters encoded as URI components, query parameters that are set
 * in order, form-encoded.
 *
 * @public
 */
export function gitopsRequestPath<Op extends GitopsOperation>(
  operation: Op,
  request: GitopsRequest<Op>,
): string {
  const { path: params = {}, query = {} } = request as {
    path?: Record<string, string | number>;
    query?: Record<string, string | number | undefined>;
  };
  const path = gitopsRoutes[operation].path.replace(
    /\{(\w+)\}/g,
    (_, name: string) => {
      if (params[name] === undefined) {
        throw new Error(
          `No value for path parameter '${name}' of ${operation}`,
        );
      }
      return encodeURIComponent(params[name]);
    },
  );
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const queryString = search.toString();
  return queryString ? `${path}?${queryString}` : path;
}
