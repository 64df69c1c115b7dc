import type {
  TrafficRouter,
  TrafficTarget,
  TrafficWeights,
} from '@internal/plugin-gitops-node';
import {
  httpRoute,
  httpRouteAffinity,
  httpRouteApiVersion,
} from './gatewayHttpRoute';
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

const httpRouteRef = (target: TrafficTarget) => ({
  apiVersion: httpRouteApiVersion(target),
  kind: 'HTTPRoute',
  namespace: target.namespace,
  name: serviceNames(target).apex,
});

const backendNames = (rule: Json): string[] =>
  (rule.backendRefs ?? []).map((ref: Json) => ref.name);

/**
 * The split of the weighted rule: the first naming both the primary and the
 * canary (a session-affinity rule before it names only the canary), else the
 * first naming either. An unset weight is 1, the API's default.
 */
function weightsOf(route: Json, target: TrafficTarget): TrafficWeights {
  const { primary, canary } = serviceNames(target);
  const rules: Json[] = route.spec?.rules ?? [];
  const rule =
    rules.find(
      r =>
        backendNames(r).includes(primary) && backendNames(r).includes(canary),
    ) ??
    rules.find(r =>
      backendNames(r).some(name => [primary, canary].includes(name)),
    );
  if (!rule) return ALL_TO_PRIMARY;
  const weightOf = (name: string) =>
    (rule.backendRefs as Json[])
      .filter(ref => ref.name === name)
      .reduce((sum, ref) => sum + Number(ref.weight ?? 1), 0);
  const total = weightOf(primary) + weightOf(canary);
  if (total === 0) return ALL_TO_PRIMARY;
  const primaryShare = Math.round((weightOf(primary) * 100) / total);
  const weights = { primary: primaryShare, canary: 100 - primaryShare };
  const mirrored = (rule.filters ?? []).some(
    (filter: Json) =>
      filter.type === 'RequestMirror' &&
      filter.requestMirror?.backendRef?.name === canary,
  );
  return mirrored ? { ...weights, mirror: true } : weights;
}

/** The session-affinity cookies the live HTTPRoute hands out or expires. */
function cookiesOf(
  route: Json | undefined,
  target: TrafficTarget,
): AffinityCookies {
  const { primary, canary } = serviceNames(target);
  const cookies: AffinityCookies = {};
  for (const rule of route?.spec?.rules ?? []) {
    for (const ref of rule.backendRefs ?? []) {
      for (const filter of ref.filters ?? []) {
        for (const header of filter.responseHeaderModifier?.add ?? []) {
          const parsed =
            header.name === 'Set-Cookie'
              ? parseSetCookie(header.value)
              : undefined;
          if (parsed && ref.name === canary && !parsed.expires)
            cookies.canary = parsed.cookie;
          if (parsed && ref.name === primary && parsed.expires)
            cookies.expiring = parsed.cookie;
        }
      }
    }
  }
  return cookies;
}

/**
 * Gateway API: HTTPRoute `<apex>` attached to `service.gatewayRefs`, its
 * weighted rule split between `<apex>-primary` and `<apex>-canary` (A/B: the
 * match rule first, then everything else to the primary; mirroring through a
 * RequestMirror filter; session affinity through a cookie rule first).
 * Serves `gatewayapi`, `gatewayapi:v1` and `gatewayapi:v1beta1`; the version
 * picks the HTTPRoute's apiVersion.
 */
export class GatewayApiRouter implements TrafficRouter {
  readonly provider = 'gatewayapi';

  async reconcile(target: TrafficTarget): Promise<void> {
    const live = await target.cluster.get(httpRouteRef(target));
    const weights = live ? weightsOf(live, target) : ALL_TO_PRIMARY;
    await target.cluster.apply(
      httpRoute(target, weights, cookiesOf(live, target)),
    );
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
    const affinity = httpRouteAffinity(target);
    let cookies: AffinityCookies = {};
    if (affinity) {
      const live = await target.cluster.get(httpRouteRef(target));
      cookies = nextAffinityCookies(affinity, weights, cookiesOf(live, target));
    }
    await target.cluster.apply(httpRoute(target, weights, cookies));
  }

  async finalize(target: TrafficTarget): Promise<void> {
    await target.cluster.delete(httpRouteRef(target));
  }
}
