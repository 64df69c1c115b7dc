import type {
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import {
  destinationRule,
  istioAffinity,
  ISTIO_API_VERSION as API_VERSION,
  virtualService,
} from './istioObjects';
import { AffinityCookies, affinityCookiesOf } from './sessionAffinity';
import { ALL_TO_PRIMARY, Json, serviceNames } from './routerBasics';
import {
  WeightedObjectRouter,
  WeightedRoutingObject,
} from './WeightedObjectRouter';

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
  const handedOut = (vs?.spec?.http ?? []).flatMap((rule: Json) =>
    (rule.route ?? []).map((route: Json) => ({
      backend: shortHost(route.destination?.host),
      setCookie: route.headers?.response?.add?.['Set-Cookie'],
    })),
  );
  return affinityCookiesOf(handedOut, serviceNames(target));
}

/**
 * Istio: VirtualService `<apex>` splitting between `<apex>-primary` and
 * `<apex>-canary` (A/B match rule first, optional mirror, session-affinity
 * cookie rule first while the canary gets traffic), plus one DestinationRule
 * per subset service carrying the traffic policy.
 */
export class IstioRouter extends WeightedObjectRouter {
  readonly provider = 'istio';
  protected readonly routing: WeightedRoutingObject = {
    ref: virtualServiceRef,
    build: virtualService,
    weightsOf,
    sessionAffinity: { specOf: istioAffinity, cookiesOf },
  };

  async reconcile(target: TrafficTarget): Promise<void> {
    const { primary, canary } = serviceNames(target);
    for (const host of [primary, canary]) {
      await target.cluster.apply(destinationRule(target, host));
    }
    await super.reconcile(target);
  }

  async finalize(target: TrafficTarget): Promise<void> {
    await super.finalize(target);
    for (const ref of destinationRuleRefs(target)) {
      await target.cluster.delete(ref);
    }
  }
}
