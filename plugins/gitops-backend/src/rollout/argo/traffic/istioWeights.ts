import { cloneJson, jsonEqual } from '../../../kube/values';
import type { Json } from '../../routers/routerBasics';
import type { IstioVirtualService } from '../spec';
import { orderManagedRoutes } from './istioManagedRoutes';
import { IstioBackends, selectRoutes, shortHost } from './istioRouteSelection';

/** The three route lists of a VirtualService, each as stored; undefined when the VirtualService has none. */
export interface IstioRouteLists {
  http?: Json[];
  tls?: Json[];
  tcp?: Json[];
}

/**
 * One route's destinations at the new weights (Argo's `processRoutes`):
 * the canary's host or subset gets `canaryWeight`, the stable's
 * `stableWeight`, and any other destination is dropped (Argo removes
 * leftovers, such as an experiment's). A destination without a host is
 * left as it is. Undefined when nothing changes.
 */
export function weightedDestinations(
  destinations: Json[],
  backends: IstioBackends,
  canaryWeight: number,
  stableWeight: number,
): Json[] | undefined {
  const { canaryService, stableService, subsets } = backends;
  let modified = false;
  const next = destinations.flatMap(destination => {
    const host = shortHost(destination?.destination?.host);
    if (!host) return [destination];
    const subset: string = destination?.destination?.subset ?? '';
    let weight: number;
    if (host === canaryService || (subset && subset === subsets?.canary)) {
      weight = canaryWeight;
    } else if (
      host === stableService ||
      (subset && subset === subsets?.stable)
    ) {
      weight = stableWeight;
    } else {
      modified = true;
      return [];
    }
    if (Number(destination.weight ?? 0) === weight) return [destination];
    modified = true;
    return [{ ...destination, weight }];
  });
  return modified ? next : undefined;
}

/**
 * The route lists of a VirtualService with the rollout's routes at the
 * new weights (Argo's `reconcileVirtualService`), every selected route of
 * every kind checked before any is changed; undefined when all already
 * carry them. Only the lists that change come back; HTTP routes in
 * `managedRoutes` order, as Argo orders them on every write.
 */
export function weightedVirtualService(
  lists: IstioRouteLists,
  config: IstioVirtualService,
  backends: IstioBackends,
  managedRoutes: string[],
  canaryWeight: number,
  stableWeight: number,
): IstioRouteLists | undefined {
  const selected = (['http', 'tls', 'tcp'] as const).map(kind => {
    const routes = lists[kind];
    return {
      kind,
      routes,
      indexes: routes
        ? selectRoutes(kind, routes, config, backends, managedRoutes)
        : [],
    };
  });
  let modified = false;
  const weighted: IstioRouteLists = {};
  for (const { kind, routes, indexes } of selected) {
    if (!routes) continue;
    const copy = cloneJson(routes);
    for (const index of indexes) {
      const destinations = weightedDestinations(
        Array.isArray(copy[index]?.route) ? copy[index].route : [],
        backends,
        canaryWeight,
        stableWeight,
      );
      if (destinations) {
        copy[index] = { ...copy[index], route: destinations };
        modified = true;
      }
    }
    weighted[kind] = copy;
  }
  if (!modified) return undefined;
  if (weighted.http) {
    weighted.http = orderManagedRoutes(weighted.http, managedRoutes);
  }
  // Only the lists that changed: each one sent is taken over whole.
  const changed: IstioRouteLists = {};
  for (const kind of ['http', 'tls', 'tcp'] as const) {
    if (weighted[kind] && !jsonEqual(weighted[kind], lists[kind])) {
      changed[kind] = weighted[kind];
    }
  }
  return changed;
}
