import type { KubeVerb } from './EngineMetrics';

const APPLY_PATCH = 'application/apply-patch+yaml';

/** Path segments before the resource: `/api/v1` for the core group, `/apis/<group>/<version>` for the rest. */
const GROUP_PREFIX_LENGTH = new Map([
  ['api', 2],
  ['apis', 3],
]);

/**
 * The Kubernetes verb of a request to an API server path, so request counts
 * tell a list from a get (a list per app is what makes cost grow with the
 * fleet). Paths without a resource (`/api`, `/apis/apps/v1`, `/version`)
 * are discovery.
 */
export function kubeVerb(
  method: string,
  path: string,
  options: { watch?: boolean; contentType?: string } = {},
): KubeVerb {
  const segments = path.split('?')[0].split('/').filter(Boolean);
  const prefix = GROUP_PREFIX_LENGTH.get(segments[0]);
  if (prefix === undefined || segments.length <= prefix) return 'discovery';
  let rest = segments.slice(prefix);
  // `namespaces/<ns>/<resource>...` is a namespaced resource; `namespaces[/<name>]` the namespaces themselves.
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  const collection = rest.length === 1;
  switch (method.toUpperCase()) {
    case 'GET':
      if (options.watch) return 'watch';
      return collection ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return options.contentType === APPLY_PATCH ? 'apply' : 'patch';
    case 'DELETE':
      return collection ? 'deletecollection' : 'delete';
    default:
      return 'other';
  }
}
