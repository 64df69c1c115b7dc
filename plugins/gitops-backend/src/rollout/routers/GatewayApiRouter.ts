import type {
  HeaderOperations,
  KubernetesObject,
  TrafficRouter,
  TrafficTarget,
  TrafficWeights,
} from '@internal/plugin-gitops-node';
import { abTestingMatches } from './abMatch';
import { toGatewayMatches } from './gatewayMatches';
import {
  ALL_TO_PRIMARY,
  checkWeights,
  getRequired,
  isAbTesting,
  Json,
  serviceNames,
} from './weights';

const GROUP = 'gateway.networking.k8s.io';

/** `gatewayapi:v1beta1` → `gateway.networking.k8s.io/v1beta1`; no version → v1. */
function apiVersionOf(target: TrafficTarget): string {
  const version = target.spec.provider.split(':')[1] || 'v1';
  return `${GROUP}/${version}`;
}

const httpRouteRef = (target: TrafficTarget) => ({
  apiVersion: apiVersionOf(target),
  kind: 'HTTPRoute',
  namespace: target.namespace,
  name: serviceNames(target).apex,
});

/** The split of the first rule with a backend on the primary or the canary (unset weight = 1). */
function weightsOf(route: Json, target: TrafficTarget): TrafficWeights {
  const { primary, canary } = serviceNames(target);
  for (const rule of route.spec?.rules ?? []) {
    const refs: Json[] = rule.backendRefs ?? [];
    if (!refs.some(ref => [primary, canary].includes(ref.name))) continue;
    const weightOf = (name: string) =>
      refs
        .filter(ref => ref.name === name)
        .reduce((sum, ref) => sum + Number(ref.weight ?? 1), 0);
    const total = weightOf(primary) + weightOf(canary);
    if (total === 0) return ALL_TO_PRIMARY;
    const primaryShare = Math.round((weightOf(primary) * 100) / total);
    const mirrored = (rule.filters ?? []).some(
      (filter: Json) =>
        filter.type === 'RequestMirror' &&
        filter.requestMirror?.backendRef?.name === canary,
    );
    const weights = { primary: primaryShare, canary: 100 - primaryShare };
    return mirrored ? { ...weights, mirror: true } : weights;
  }
  return ALL_TO_PRIMARY;
}

const headerModifier = (operations: HeaderOperations) => ({
  set:
    operations.set &&
    Object.entries(operations.set).map(([name, value]) => ({ name, value })),
  add:
    operations.add &&
    Object.entries(operations.add).map(([name, value]) => ({ name, value })),
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

function httpRoute(
  target: TrafficTarget,
  weights: TrafficWeights,
): KubernetesObject {
  const { service } = target.spec;
  const { apex, primary, canary } = serviceNames(target);
  const backend = (name: string, weight: number) => ({
    name,
    port: service.port,
    weight,
  });
  const weighted = [
    backend(primary, weights.primary),
    backend(canary, weights.canary),
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
  const rules = isAbTesting(target)
    ? [
        rule(toGatewayMatches(abTestingMatches(target)), weighted),
        rule(serviceMatches, [backend(primary, 100)]),
      ]
    : [rule(serviceMatches, weighted, weights.mirror ? [mirror] : [])];
  return {
    apiVersion: apiVersionOf(target),
    kind: 'HTTPRoute',
    metadata: { name: apex, namespace: target.namespace },
    spec: {
      parentRefs: service.gatewayRefs.map(ref => ({
        group: ref.apiVersion?.includes('/')
          ? ref.apiVersion.split('/')[0]
          : undefined,
        kind: ref.kind,
        name: ref.name,
        namespace: ref.namespace,
      })),
      hostnames: service.hosts.length > 0 ? service.hosts : undefined,
      rules,
    },
  };
}

/**
 * Gateway API: HTTPRoute `<apex>` attached to `service.gatewayRefs`, its
 * first rule split between `<apex>-primary` and `<apex>-canary` (A/B: the
 * match rule first, then everything else to the primary; mirroring through a
 * RequestMirror filter). Serves `gatewayapi`, `gatewayapi:v1` and
 * `gatewayapi:v1beta1`; the version picks the HTTPRoute's apiVersion.
 */
export class GatewayApiRouter implements TrafficRouter {
  readonly provider = 'gatewayapi';

  async reconcile(target: TrafficTarget): Promise<void> {
    const live = await target.cluster.get(httpRouteRef(target));
    const weights = live ? weightsOf(live, target) : ALL_TO_PRIMARY;
    await target.cluster.apply(httpRoute(target, weights));
  }

  async getWeights(target: TrafficTarget): Promise<TrafficWeights> {
    const route = await getRequired(
      target,
      httpRouteRef(target),
      'the gatewayapi router creates it on reconcile',
    );
    return weightsOf(route, target);
  }

  async setWeights(
    target: TrafficTarget,
    weights: TrafficWeights,
  ): Promise<void> {
    checkWeights(weights);
    await target.cluster.apply(httpRoute(target, weights));
  }

  async finalize(target: TrafficTarget): Promise<void> {
    await target.cluster.delete(httpRouteRef(target));
  }
}
