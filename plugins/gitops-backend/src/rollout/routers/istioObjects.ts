import type {
  KubernetesObject,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import { abTestingMatches } from './abMatch';
import { AffinityCookies, cookieRegex, setCookie } from './sessionAffinity';
import { isAbTesting, Json, serviceNames } from './routerBasics';

export const ISTIO_API_VERSION = 'networking.istio.io/v1beta1';

/** Session affinity applies to weighted HTTP routing only (Flagger: canary strategy). */
export function istioAffinity(target: TrafficTarget) {
  const tcp = target.spec.service.appProtocol?.toLowerCase() === 'tcp';
  return tcp || isAbTesting(target)
    ? undefined
    : target.spec.analysis.sessionAffinity;
}

/** The VirtualService `<apex>` at the given weights, shaped as Flagger's Istio router writes it. */
export function virtualService(
  target: TrafficTarget,
  weights: TrafficWeights,
  cookies: AffinityCookies = {},
): KubernetesObject {
  const { service, analysis } = target.spec;
  const { apex, primary, canary } = serviceNames(target);
  const tcp = service.appProtocol?.toLowerCase() === 'tcp';
  const destination = (host: string, weight: number, cookie?: string) => ({
    destination: {
      host,
      ...(tcp || service.portDiscovery
        ? { port: { number: service.port } }
        : {}),
    },
    weight,
    ...(cookie
      ? { headers: { response: { add: { 'Set-Cookie': cookie } } } }
      : {}),
  });
  const affinity = istioAffinity(target);
  const canaryCookie =
    affinity &&
    cookies.canary &&
    setCookie(cookies.canary, affinity, affinity.maxAge);
  const expiredCookie =
    affinity && cookies.expiring && setCookie(cookies.expiring, affinity, -1);
  const weighted = [
    destination(primary, weights.primary, expiredCookie || undefined),
    destination(canary, weights.canary, canaryCookie || undefined),
  ];
  // A delegate VirtualService must name neither hosts nor gateways.
  const hosts = service.delegation
    ? []
    : [...new Set([apex, ...service.hosts])];
  const meshGateways =
    service.gateways.length > 0 ? service.gateways : ['mesh'];
  const gateways = service.delegation ? [] : meshGateways;

  const common = {
    rewrite: service.rewrite,
    timeout: service.timeout,
    retries: service.retries,
    headers: service.headers,
    corsPolicy: service.corsPolicy,
  };
  const serviceMatch = service.match.length > 0 ? service.match : undefined;
  const mirror = weights.mirror
    ? {
        mirror: { host: canary },
        mirrorPercentage: { value: analysis.mirrorWeight || 100 },
      }
    : {};

  let routes: Json;
  if (tcp) {
    routes = { tcp: [{ match: [{ port: service.port }], route: weighted }] };
  } else if (isAbTesting(target)) {
    routes = {
      http: [
        { match: abTestingMatches(target), ...common, route: weighted },
        { match: serviceMatch, ...common, route: [destination(primary, 100)] },
      ],
    };
  } else {
    const weightedRule = {
      match: serviceMatch,
      ...common,
      route: weighted,
      ...mirror,
    };
    // A client holding the canary's cookie stays on the canary.
    const stickyRule = canaryCookie && {
      match: (serviceMatch ?? [{}]).map(m => ({
        ...m,
        headers: {
          ...m.headers,
          cookie: { regex: cookieRegex(cookies.canary!) },
        },
      })),
      ...common,
      route: [destination(canary, 100, canaryCookie)],
    };
    routes = { http: stickyRule ? [stickyRule, weightedRule] : [weightedRule] };
  }
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: 'VirtualService',
    metadata: { name: apex, namespace: target.namespace },
    spec: { hosts, gateways, ...routes },
  };
}

/** One per subset Service, carrying `service.trafficPolicy` (TLS, load balancing) when given. */
export function destinationRule(
  target: TrafficTarget,
  host: string,
): KubernetesObject {
  const { trafficPolicy } = target.spec.service;
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: 'DestinationRule',
    metadata: { name: host, namespace: target.namespace },
    spec: { host, ...(trafficPolicy ? { trafficPolicy } : {}) },
  };
}
