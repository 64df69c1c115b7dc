import type {
  KubernetesObject,
  TrafficRouter,
  TrafficTarget,
  TrafficWeights,
} from '@internal/plugin-gitops-node';
import { abTestingMatches } from './abMatch';
import {
  ALL_TO_PRIMARY,
  checkWeights,
  getRequired,
  isAbTesting,
  Json,
  serviceNames,
} from './weights';

const API_VERSION = 'networking.istio.io/v1beta1';

const virtualServiceRef = (target: TrafficTarget) => ({
  apiVersion: API_VERSION,
  kind: 'VirtualService',
  namespace: target.namespace,
  name: serviceNames(target).apex,
});

const destinationRuleRefs = (target: TrafficTarget) => {
  const { primary, canary } = serviceNames(target);
  return [primary, canary].map(name => ({
    apiVersion: API_VERSION,
    kind: 'DestinationRule',
    namespace: target.namespace,
    name,
  }));
};

const shortHost = (host: unknown) => String(host ?? '').split('.')[0];

/**
 * The split of the first rule routing to the primary or the canary; a lone
 * destination without weight takes everything, as in Istio.
 */
function weightsOf(vs: Json, target: TrafficTarget): TrafficWeights {
  const { primary, canary } = serviceNames(target);
  const rules: Json[] = [...(vs.spec?.http ?? []), ...(vs.spec?.tcp ?? [])];
  for (const rule of rules) {
    const routes: Json[] = rule.route ?? [];
    const weightOf = (host: string) =>
      routes
        .filter(r => shortHost(r.destination?.host) === host)
        .reduce(
          (sum, r) => sum + (r.weight ?? (routes.length === 1 ? 100 : 0)),
          0,
        );
    const owned = routes.some(r =>
      [primary, canary].includes(shortHost(r.destination?.host)),
    );
    if (!owned) continue;
    const weights = { primary: weightOf(primary), canary: weightOf(canary) };
    return shortHost(rule.mirror?.host) === canary
      ? { ...weights, mirror: true }
      : weights;
  }
  return ALL_TO_PRIMARY;
}

/** The VirtualService Flagger's Istio router writes (reference §9), at the given weights. */
function virtualService(
  target: TrafficTarget,
  weights: TrafficWeights,
): KubernetesObject {
  const { service, analysis } = target.spec;
  const { apex, primary, canary } = serviceNames(target);
  const tcp = service.appProtocol?.toLowerCase() === 'tcp';
  const destination = (host: string, weight: number) => ({
    destination: {
      host,
      ...(tcp || service.portDiscovery
        ? { port: { number: service.port } }
        : {}),
    },
    weight,
  });
  const weighted = [
    destination(primary, weights.primary),
    destination(canary, weights.canary),
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
    routes = {
      http: [{ match: serviceMatch, ...common, route: weighted, ...mirror }],
    };
  }
  return {
    apiVersion: API_VERSION,
    kind: 'VirtualService',
    metadata: { name: apex, namespace: target.namespace },
    spec: { hosts, gateways, ...routes },
  };
}

function destinationRule(
  target: TrafficTarget,
  host: string,
): KubernetesObject {
  const { trafficPolicy } = target.spec.service;
  return {
    apiVersion: API_VERSION,
    kind: 'DestinationRule',
    metadata: { name: host, namespace: target.namespace },
    spec: { host, ...(trafficPolicy ? { trafficPolicy } : {}) },
  };
}

/**
 * Istio: VirtualService `<apex>` splitting between `<apex>-primary` and
 * `<apex>-canary` (A/B match rule first, optional mirror), plus one
 * DestinationRule per subset service carrying the traffic policy.
 */
export class IstioRouter implements TrafficRouter {
  readonly provider = 'istio';

  async reconcile(target: TrafficTarget): Promise<void> {
    const { primary, canary } = serviceNames(target);
    for (const host of [primary, canary]) {
      await target.cluster.apply(destinationRule(target, host));
    }
    const live = await target.cluster.get(virtualServiceRef(target));
    const weights = live ? weightsOf(live, target) : ALL_TO_PRIMARY;
    await target.cluster.apply(virtualService(target, weights));
  }

  async getWeights(target: TrafficTarget): Promise<TrafficWeights> {
    const vs = await getRequired(
      target,
      virtualServiceRef(target),
      'the istio router creates it on reconcile',
    );
    return weightsOf(vs, target);
  }

  async setWeights(
    target: TrafficTarget,
    weights: TrafficWeights,
  ): Promise<void> {
    checkWeights(weights);
    await target.cluster.apply(virtualService(target, weights));
  }

  async finalize(target: TrafficTarget): Promise<void> {
    await target.cluster.delete(virtualServiceRef(target));
    for (const ref of destinationRuleRefs(target)) {
      await target.cluster.delete(ref);
    }
  }
}
