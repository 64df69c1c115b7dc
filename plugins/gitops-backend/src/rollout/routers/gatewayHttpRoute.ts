import type {
  HeaderOperations,
  KubernetesObject,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import { abTestingMatches } from './abMatch';
import { toGatewayMatches } from './gatewayMatches';
import { AffinityCookies, cookieRegex, setCookie } from './sessionAffinity';
import { isAbTesting, serviceNames } from './routerBasics';

const GROUP = 'gateway.networking.k8s.io';

/** `gatewayapi:v1beta1` → `gateway.networking.k8s.io/v1beta1`; no version → v1. */
export function httpRouteApiVersion(target: TrafficTarget): string {
  const version = target.spec.provider.split(':')[1] || 'v1';
  return `${GROUP}/${version}`;
}

/** Session affinity applies to weighted routing only (Flagger: canary strategy). */
export const httpRouteAffinity = (target: TrafficTarget) =>
  isAbTesting(target) ? undefined : target.spec.analysis.sessionAffinity;

const pairs = (record: Record<string, string> | undefined) =>
  record && Object.entries(record).map(([name, value]) => ({ name, value }));

const headerModifier = (operations: HeaderOperations) => ({
  set: pairs(operations.set),
  add: pairs(operations.add),
  remove: operations.remove,
});

/** `service.headers` and `service.rewrite` as HTTPRoute filters. */
function serviceFilters(target: TrafficTarget): object[] {
  const { headers, rewrite } = target.spec.service;
  const filters: object[] = [];
  if (headers?.request) {
    filters.push({
      type: 'RequestHeaderModifier',
      requestHeaderModifier: headerModifier(headers.request),
    });
  }
  if (headers?.response) {
    filters.push({
      type: 'ResponseHeaderModifier',
      responseHeaderModifier: headerModifier(headers.response),
    });
  }
  if (rewrite?.uri || rewrite?.authority) {
    filters.push({
      type: 'URLRewrite',
      urlRewrite: {
        hostname: rewrite.authority,
        path: rewrite.uri
          ? { type: 'ReplacePrefixMatch', replacePrefixMatch: rewrite.uri }
          : undefined,
      },
    });
  }
  return filters;
}

const setCookieFilter = (value: string) => [
  {
    type: 'ResponseHeaderModifier',
    responseHeaderModifier: { add: [{ name: 'Set-Cookie', value }] },
  },
];

/**
 * The HTTPRoute `<apex>`, shaped as Flagger's Gateway API router writes it, at
 * the given weights; `cookies` are the session-affinity cookies to hand out or
 * expire.
 */
export function httpRoute(
  target: TrafficTarget,
  weights: TrafficWeights,
  cookies: AffinityCookies = {},
): KubernetesObject {
  const { service } = target.spec;
  const { apex, primary, canary } = serviceNames(target);
  const affinity = httpRouteAffinity(target);
  const canaryCookie =
    affinity && cookies.canary
      ? setCookie(cookies.canary, affinity, affinity.maxAge)
      : undefined;
  const expiredCookie =
    affinity && cookies.expiring
      ? setCookie(cookies.expiring, affinity, -1)
      : undefined;
  const backend = (name: string, weight: number, cookie?: string) => ({
    name,
    port: service.port,
    weight,
    filters: cookie ? setCookieFilter(cookie) : undefined,
  });
  const weighted = [
    backend(primary, weights.primary, expiredCookie),
    backend(canary, weights.canary, canaryCookie),
  ];
  const filters = serviceFilters(target);
  const mirror = {
    type: 'RequestMirror',
    requestMirror: { backendRef: { name: canary, port: service.port } },
  };
  const rule = (
    matches: object[],
    backendRefs: object[],
    extra: object[] = [],
  ) => ({
    matches,
    filters:
      filters.length + extra.length > 0 ? [...filters, ...extra] : undefined,
    backendRefs,
    timeouts: service.timeout ? { request: service.timeout } : undefined,
  });
  const serviceMatches = toGatewayMatches(service.match);
  let rules: object[];
  if (isAbTesting(target)) {
    rules = [
      rule(toGatewayMatches(abTestingMatches(target)), weighted),
      rule(serviceMatches, [backend(primary, 100)]),
    ];
  } else {
    rules = [rule(serviceMatches, weighted, weights.mirror ? [mirror] : [])];
    if (canaryCookie) {
      // A client holding the canary's cookie stays on the canary.
      const cookieMatch = {
        name: 'Cookie',
        type: 'RegularExpression',
        value: cookieRegex(cookies.canary!),
      };
      const sticky = serviceMatches.map((m: { headers?: object[] }) => ({
        ...m,
        headers: [...(m.headers ?? []), cookieMatch],
      }));
      rules.unshift(rule(sticky, [backend(canary, 100, canaryCookie)]));
    }
  }
  return {
    apiVersion: httpRouteApiVersion(target),
    kind: 'HTTPRoute',
    metadata: { name: apex, namespace: target.namespace },
    spec: {
      parentRefs: service.gatewayRefs.map(ref => ({
        group: ref.group,
        kind: ref.kind,
        name: ref.name,
        namespace: ref.namespace,
        sectionName: ref.sectionName,
        port: ref.port,
      })),
      hostnames: service.hosts.length > 0 ? service.hosts : undefined,
      rules,
    },
  };
}
