import type {
  KubernetesObject,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import { ALL_TO_PRIMARY, Json, serviceNames } from './routerBasics';
import { buildCanaryCopy, originalRef } from './canaryCopy';
import {
  WeightedObjectRouter,
  WeightedRoutingObject,
} from './WeightedObjectRouter';

const API_VERSION = 'apisix.apache.org/v2';
/** Above any route a team writes, so the canary copy wins (Flagger's value). */
const CANARY_PRIORITY = 10000;

/** The ApisixRoute `spec.routeRef` names: the one the copy is made from. */
const routeRef = (target: TrafficTarget) =>
  originalRef(target, {
    provider: 'apisix',
    field: 'routeRef',
    apiVersion: API_VERSION,
    kind: 'ApisixRoute',
  });

const canaryRouteRef = (target: TrafficTarget) => {
  const ref = routeRef(target);
  return { ...ref, name: `${ref.name}-${serviceNames(target).apex}-canary` };
};

function weightsOf(route: Json, target: TrafficTarget): TrafficWeights {
  const { primary, canary } = serviceNames(target);
  const backends: Json[] = route.spec?.http?.[0]?.backends ?? [];
  const weightOf = (name: string) =>
    Number(backends.find(b => b.serviceName === name)?.weight ?? 0);
  const weights = { primary: weightOf(primary), canary: weightOf(canary) };
  return weights.primary + weights.canary === 100 ? weights : ALL_TO_PRIMARY;
}

/** Each of the original's rules, at priority 10000, split between primary and canary. */
function canaryRoute(
  route: Json,
  target: TrafficTarget,
  weights: TrafficWeights,
): KubernetesObject {
  const { primary, canary } = serviceNames(target);
  const rules: Json[] = route.spec?.http ?? [];
  const http = rules.map((rule, index) => {
    const backends: Json[] = rule.backends ?? [];
    if (backends.length !== 1) {
      throw new Error(
        `ApisixRoute ${target.namespace}/${route.metadata.name} spec.http[${index}] must have exactly one backend to split; it has ${backends.length}`,
      );
    }
    const servicePort = backends[0].servicePort ?? target.spec.service.port;
    return {
      ...rule,
      priority: CANARY_PRIORITY,
      backends: [
        { serviceName: primary, servicePort, weight: weights.primary },
        { serviceName: canary, servicePort, weight: weights.canary },
      ],
    };
  });
  if (http.length === 0) {
    throw new Error(
      `ApisixRoute ${target.namespace}/${route.metadata.name} has no spec.http rules to copy`,
    );
  }
  return {
    apiVersion: API_VERSION,
    kind: 'ApisixRoute',
    metadata: {
      name: canaryRouteRef(target).name,
      namespace: target.namespace,
      labels: route.metadata?.labels,
    },
    spec: { ...route.spec, http },
  };
}

/**
 * APISIX: a copy of `spec.routeRef` named `<route>-<apex>-canary` whose
 * rules outrank the original's and split between `<apex>-primary` and
 * `<apex>-canary`. APISIX cannot mirror: `mirror` is ignored, as in Flagger.
 */
export class ApisixRouter extends WeightedObjectRouter {
  readonly provider = 'apisix';
  protected readonly routing: WeightedRoutingObject = {
    ref: canaryRouteRef,
    build: buildCanaryCopy(routeRef, 'spec.routeRef names it', canaryRoute),
    weightsOf,
  };
}
