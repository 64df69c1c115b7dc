import type {
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import {
  httpRoute,
  httpRouteAffinity,
  httpRouteApiVersion,
} from './gatewayHttpRoute';
import { AffinityCookies, affinityCookiesOf } from './sessionAffinity';
import { ALL_TO_PRIMARY, Json, serviceNames } from './routerBasics';
import {
  WeightedObjectRouter,
  WeightedRoutingObject,
} from './WeightedObjectRouter';

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
  const handedOut = (route?.spec?.rules ?? []).flatMap((rule: Json) =>
    (rule.backendRefs ?? []).flatMap((ref: Json) =>
      (ref.filters ?? []).flatMap((filter: Json) =>
        (filter.responseHeaderModifier?.add ?? [])
          .filter((header: Json) => header.name === 'Set-Cookie')
          .map((header: Json) => ({
            backend: ref.name,
            setCookie: header.value,
          })),
      ),
    ),
  );
  return affinityCookiesOf(handedOut, serviceNames(target));
}

/**
 * Gateway API: HTTPRoute `<apex>` attached to `service.gatewayRefs`, its
 * weighted rule split between `<apex>-primary` and `<apex>-canary` (A/B: the
 * match rule first, then everything else to the primary; mirroring through a
 * RequestMirror filter; session affinity through a cookie rule first).
 * Serves `gatewayapi`, `gatewayapi:v1` and `gatewayapi:v1beta1`; the version
 * picks the HTTPRoute's apiVersion.
 */
export class GatewayApiRouter extends WeightedObjectRouter {
  readonly provider = 'gatewayapi';
  protected readonly routing: WeightedRoutingObject = {
    ref: httpRouteRef,
    build: httpRoute,
    weightsOf,
    sessionAffinity: { specOf: httpRouteAffinity, cookiesOf },
  };
}
