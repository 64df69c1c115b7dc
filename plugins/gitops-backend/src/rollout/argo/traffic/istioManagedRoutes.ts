import type { Json } from '../../routers/routerBasics';
import type { SetHeaderRoute } from '../spec';
import { httpRouteIndexes } from './istioRouteSelection';

/**
 * The HTTP routes a rollout adds to a VirtualService for `setHeaderRoute`
 * steps, named after `trafficRouting.managedRoutes` (Argo v1.8.3,
 * `istio.go`: `createHeaderRoute`, `removeRoute`, `orderRoutes`).
 */

/** Argo's `orderRoutes`: the managed routes first, in `managedRoutes` order, then the others as they were. */
export function orderManagedRoutes(
  http: Json[],
  managedRoutes: string[],
): Json[] {
  if (managedRoutes.length === 0) return http;
  const managed = managedRoutes.flatMap(name =>
    http.filter(route => route?.name === name),
  );
  const others = http.filter(route => !managedRoutes.includes(route?.name));
  return [...managed, ...others];
}

/** The HTTP routes without those named `names`. */
export const withoutRoutes = (http: Json[], names: string[]): Json[] =>
  http.filter(route => !names.includes(route?.name));

/**
 * The port of the route the weights go to (its first destination's), for
 * the header route to reach the canary on the same port; 0 when there is
 * none.
 */
export function weightedRoutePort(http: Json[], routeNames: string[]): number {
  let indexes: number[];
  try {
    indexes = httpRouteIndexes(routeNames, http);
  } catch {
    return 0;
  }
  const first = indexes.length > 0 ? http[indexes[0]]?.route?.[0] : undefined;
  return Number(first?.destination?.port?.number ?? 0);
}

/**
 * Argo's header route: requests carrying any of the headers (exact,
 * regex or prefix) all go to the canary host (and subset, with a
 * DestinationRule), on `port` when it is not 0.
 */
export function headerRoute(
  route: SetHeaderRoute,
  canary: { host: string; subset?: string; port: number },
): Json {
  const match = route.match.map(({ headerName, headerValue }) => {
    const value: Record<string, string> = {};
    for (const kind of ['exact', 'regex', 'prefix'] as const) {
      if (headerValue[kind]) value[kind] = headerValue[kind]!;
    }
    return { headers: { [headerName]: value } };
  });
  const destination: Json = { host: canary.host };
  if (canary.port > 0) destination.port = { number: canary.port };
  if (canary.subset) destination.subset = canary.subset;
  return {
    name: route.name,
    match,
    route: [{ weight: 100, destination }],
  };
}
