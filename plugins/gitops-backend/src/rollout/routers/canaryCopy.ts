import type {
  KubernetesObject,
  KubernetesObjectRef,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import { getRequired, Json } from './routerBasics';
import type { WeightedRoutingObject } from './WeightedObjectRouter';

/**
 * The object `spec.<field>` names, the one the canary copy is made from;
 * fails when the Canary names none.
 */
export function originalRef(
  target: TrafficTarget,
  original: {
    provider: string;
    field: 'ingressRef' | 'routeRef';
    apiVersion: string;
    kind: string;
  },
): KubernetesObjectRef {
  const { provider, field, apiVersion, kind } = original;
  const name = target.spec[field]?.name;
  if (!name) {
    throw new Error(
      `the ${provider} provider needs spec.${field} naming the ${kind} of ${target.spec.service.name} in ${target.namespace}`,
    );
  }
  return { apiVersion, kind, namespace: target.namespace, name };
}

/**
 * `build` for routers whose routing object is a canary copy of a team's
 * object (an Ingress, an ApisixRoute): reads the original afresh on every
 * write, so the copy follows it, and fails naming it when it is missing.
 */
export function buildCanaryCopy(
  refOfOriginal: (target: TrafficTarget) => KubernetesObjectRef,
  why: string,
  copy: (
    original: Json,
    target: TrafficTarget,
    weights: TrafficWeights,
  ) => KubernetesObject,
): WeightedRoutingObject['build'] {
  return async (target, weights) => {
    const original = await getRequired(target, refOfOriginal(target), why);
    return copy(original, target, weights);
  };
}
