import type { Json } from '../../routers/routerBasics';
import type { IstioVirtualService } from '../spec';

/**
 * Which routes of a VirtualService a rollout's weights go to, and the
 * checks Argo makes before touching any (Argo v1.8.3,
 * `rollout/trafficrouting/istio/istio.go`: `getHttpRouteIndexesToPatch`,
 * `searchTlsRoute`, `searchTcpRoute`, `Validate*Routes`). Messages are
 * Argo's.
 */

/** The services and DestinationRule subsets that stand for the canary and the stable in routes. */
export interface IstioBackends {
  stableService: string;
  canaryService: string;
  /** Set in subset-level splitting (`istio.destinationRule`). */
  subsets?: { canary: string; stable: string };
}

/** Argo's `getHost`: the host up to its first dot (`web.shop.svc` → `web`); empty for `.x`. */
export function shortHost(host: unknown): string {
  const text = typeof host === 'string' ? host : '';
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  return dot > 0 ? text.slice(0, dot) : '';
}

const listOf = (value: unknown): Json[] =>
  Array.isArray(value) ? (value as Json[]) : [];

/**
 * HTTP routes by name; with none named, the only route, else the first
 * unnamed one (none when all are named).
 */
export function httpRouteIndexes(names: string[], http: Json[]): number[] {
  if (names.length === 0) {
    if (http.length === 1) return [0];
    const unnamed = http.findIndex(route => !route?.name);
    return unnamed >= 0 ? [unnamed] : [];
  }
  return names.map(name => {
    const index = http.findIndex(route => route?.name === name);
    if (index < 0) {
      throw new Error(
        `HTTP Route '${name}' is not found in the defined Virtual Service.`,
      );
    }
    return index;
  });
}

/** A route's single match port (0 when its matches name none), or undefined when they name several. */
function singlePort(route: Json): number | undefined {
  const ports = new Set(listOf(route?.match).map(m => Number(m?.port ?? 0)));
  if (ports.size > 1) return undefined;
  return ports.size === 1 ? [...ports][0] : 0;
}

/** Argo's `evaluate.Equal`: as many hosts as the route's distinct SNI hosts, each of those among them. */
function sameSniHosts(wanted: string[], route: Json): boolean {
  const routeHosts = new Set<string>(
    listOf(route?.match).flatMap(m => listOf(m?.sniHosts) as string[]),
  );
  if (wanted.length !== routeHosts.size) return false;
  const set = new Set(wanted);
  return [...routeHosts].every(host => set.has(host));
}

/** TLS routes by port and SNI hosts; with none configured, the first. */
export function tlsRouteIndexes(
  wanted: IstioVirtualService['tlsRoutes'],
  tls: Json[],
): number[] {
  if (wanted.length === 0) return [0];
  return wanted.flatMap(want => {
    const found = tls.flatMap((route, index) =>
      singlePort(route) === (want.port ?? 0) &&
      sameSniHosts(want.sniHosts, route)
        ? [index]
        : [],
    );
    if (found.length === 0) {
      throw new Error(
        'No matching TLS routes found in the defined Virtual Service.',
      );
    }
    return found;
  });
}

/** TCP routes by port; with none configured, the first. */
export function tcpRouteIndexes(
  wanted: IstioVirtualService['tcpRoutes'],
  tcp: Json[],
): number[] {
  if (wanted.length === 0) return [0];
  return wanted.flatMap(want => {
    const found = tcp.flatMap((route, index) =>
      singlePort(route) === (want.port ?? 0) ? [index] : [],
    );
    if (found.length === 0) {
      throw new Error(
        'No matching TCP routes found in the defined Virtual Service.',
      );
    }
    return found;
  });
}

/** A route must name both sides: both subsets in subset-level splitting, else both services. */
export function checkRouteDestinations(
  route: Json,
  backends: IstioBackends,
): void {
  const destinations = listOf(route?.route);
  const hosts = destinations.map(d => shortHost(d?.destination?.host));
  const subsets = destinations.map(d => d?.destination?.subset ?? '');
  const { subsets: wanted, stableService, canaryService } = backends;
  if (wanted) {
    if (!wanted.canary || !subsets.includes(wanted.canary)) {
      throw new Error(
        `Canary DestinationRule subset '${wanted.canary}' not found in route`,
      );
    }
    if (!wanted.stable || !subsets.includes(wanted.stable)) {
      throw new Error(
        `Stable DestinationRule subset '${wanted.stable}' not found in route`,
      );
    }
    return;
  }
  if (!canaryService || !hosts.includes(canaryService)) {
    throw new Error(`Canary Service '${canaryService}' not found in route`);
  }
  if (!stableService || !hosts.includes(stableService)) {
    throw new Error(`Stable Service '${stableService}' not found in route`);
  }
}

/** Per kind of route: how routes are picked, where the rollout lists them, what that field is called. */
const KINDS = {
  http: {
    field: 'routes',
    configured: (config: IstioVirtualService) => config.routes,
    indexes: (config: IstioVirtualService, routes: Json[]) =>
      httpRouteIndexes(config.routes, routes),
  },
  tls: {
    field: 'tlsRoutes',
    configured: (config: IstioVirtualService) => config.tlsRoutes,
    indexes: (config: IstioVirtualService, routes: Json[]) =>
      tlsRouteIndexes(config.tlsRoutes, routes),
  },
  tcp: {
    field: 'tcpRoutes',
    configured: (config: IstioVirtualService) => config.tcpRoutes,
    indexes: (config: IstioVirtualService, routes: Json[]) =>
      tcpRouteIndexes(config.tcpRoutes, routes),
  },
} as const;

/** The routes to weight, checked as Argo checks them; throws Argo's message otherwise. */
export function selectRoutes(
  kind: keyof typeof KINDS,
  routes: Json[],
  config: IstioVirtualService,
  backends: IstioBackends,
  managedRoutes: string[],
): number[] {
  const { field, configured, indexes } = KINDS[kind];
  const present = indexes(config, routes).filter(
    index => index < routes.length,
  );
  for (const index of present) checkRouteDestinations(routes[index], backends);
  // Header routes a rollout adds do not count against the single route.
  const counted =
    kind === 'http'
      ? routes.filter(route => !managedRoutes.includes(route?.name))
      : routes;
  if (configured(config).length === 0 && counted.length > 1) {
    throw new Error(
      `spec.${kind}[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.${field}`,
    );
  }
  return present;
}
