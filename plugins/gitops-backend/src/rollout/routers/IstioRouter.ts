import type {
  TrafficRouter,
  TrafficTarget,
  TrafficWeights,
} from '@internal/plugin-gitops-node';
import {
  destinationRule,
  istioAffinity,
  ISTIO_API_VERSION as API_VERSION,
  virtualService,
} from './istioObjects';
import {
  AffinityCookies,
  nextAffinityCookies,
  parseSetCookie,
} from './sessionAffinity';
import {
  ALL_TO_PRIMARY,
  checkWeights,
  getRequired,
  Json,
  serviceNames,
} from './routerBasics';

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

const hostsOf = (rule: Json): string[] =>
  (rule.route ?? []).map((r: Json) => shortHost(r.destination?.host));

/**
 * The split of the weighted rule: the first naming both the primary and the
 * canary (a session-affinity rule before it names only the canary), else the
 * first naming either. A lone destination without weight takes everything.
 */
function weightsOf(vs: Json, target: TrafficTarget): TrafficWeights {
  const { primary, canary } = serviceNames(target);
  const rules: Json[] = [...(vs.spec?.http ?? []), ...(vs.spec?.tcp ?? [])];
  const rule =
    rules.find(
      r => hostsOf(r).includes(primary) && hostsOf(r).includes(canary),
    ) ??
    rules.find(r => hostsOf(r).some(host => [primary, canary].includes(host)));
  if (!rule) return ALL_TO_PRIMARY;
  const routes: Json[] = rule.route;
  const weightOf = (host: string) =>
    routes
      .filter(r => shortHost(r.destination?.host) === host)
      .reduce(
        (sum, r) => sum + (r.weight ?? (routes.length === 1 ? 100 : 0)),
        0,
      );
  const weights = { primary: weightOf(primary), canary: weightOf(canary) };
  return shortHost(rule.mirror?.host) === canary
    ? { ...weights, mirror: true }
    : weights;
}

/** The session-affinity cookies the live VirtualService hands out or expires. */
function cookiesOf(
  vs: Json | undefined,
  target: TrafficTarget,
): AffinityCookies {
  const { primary, canary } = serviceNames(target);
  const cookies: AffinityCookies = {};
  for (const rule of vs?.spec?.http ?? []) {
    for (const route of rule.route ?? []) {
      const parsed = parseSetCookie(
        route.headers?.response?.add?.['Set-Cookie'],
      );
      const host = shortHost(route.destination?.host);
      if (parsed && host === canary && !parsed.expires)
        cookies.canary = parsed.cookie;
      if (parsed && host === primary && parsed.expires)
        cookies.expiring = parsed.cookie;
    }
  }
  return cookies;
}

/**
 * Istio: VirtualService `<apex>` splitting between `<apex>-primary` and
 * `<apex>-canary` (A/B match rule first, optional mirror, session-affinity
 * cookie rule first while the canary gets traffic), plus one DestinationRule
 * per subset service carrying the traffic policy.
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
    await target.cluster.apply(
      virtualService(target, weights, cookiesOf(live, target)),
    );
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
    const affinity = istioAffinity(target);
    let cookies: AffinityCookies = {};
    if (affinity) {
      const live = await target.cluster.get(virtualServiceRef(target));
      cookies = nextAffinityCookies(affinity, weights, cookiesOf(live, target));
    }
    await target.cluster.apply(virtualService(target, weights, cookies));
  }

  async finalize(target: TrafficTarget): Promise<void> {
    await target.cluster.delete(virtualServiceRef(target));
    for (const ref of destinationRuleRefs(target)) {
      await target.cluster.delete(ref);
    }
  }
}
