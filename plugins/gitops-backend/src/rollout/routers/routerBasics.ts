import type {
  KubernetesObject,
  KubernetesObjectRef,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';

// What every router shares: weight checks, the rollout's service names,
// reading the objects a router cannot work without.

/** Where every router starts a newly created routing object. */
export const ALL_TO_PRIMARY: TrafficWeights = { primary: 100, canary: 0 };

/** Refuses weights no router can express: each 0..100, whole numbers, summing to 100. */
export function checkWeights({ primary, canary }: TrafficWeights): void {
  const valid = (w: number) => Number.isInteger(w) && w >= 0 && w <= 100;
  if (!valid(primary) || !valid(canary) || primary + canary !== 100) {
    throw new Error(
      `traffic weights must be whole percentages summing to 100; got primary ${primary}, canary ${canary}`,
    );
  }
}

/** The three services of a rollout: `<apex>`, `<apex>-primary`, `<apex>-canary`. */
export function serviceNames(target: TrafficTarget) {
  const apex = target.spec.service.name;
  return { apex, primary: `${apex}-primary`, canary: `${apex}-canary` };
}

/** Reads a routing object a router needs, or fails naming it. */
export async function getRequired(
  target: TrafficTarget,
  ref: KubernetesObjectRef,
  why: string,
): Promise<KubernetesObject> {
  const obj = await target.cluster.get(ref);
  if (!obj) {
    throw new Error(
      `${ref.kind} ${ref.namespace}/${ref.name} not found on cluster '${target.cluster.name}': ${why}`,
    );
  }
  return obj;
}

/** The A/B shape applies only with the abTesting strategy and a `match` to route by. */
export function isAbTesting(target: TrafficTarget): boolean {
  return (
    target.spec.strategy === 'abTesting' &&
    target.spec.analysis.match.length > 0
  );
}

// Routing objects arrive as untyped JSON from the API server.
export type Json = any;
