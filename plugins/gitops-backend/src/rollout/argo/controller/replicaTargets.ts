/**
 * The canary's and the stable's sizes for a step, once reached: a port of
 * the end points of Argo's replica arithmetic (v1.8.3,
 * `utils/replicaset/canary.go`: `approximateWeightedCanaryStableReplicaCounts`
 * for a basic canary, `CalculateReplicaCountsForTrafficRoutedCanary` with
 * traffic routing; `utils/replicaset/replicaset.go`: `resolveFenceposts`).
 *
 * The path there (how many pods `maxSurge` and `maxUnavailable` allow at a
 * time) belongs to the replica arithmetic in `rollout/argo/replicas`; the
 * engine passes that module's calculator to `planArgoStep`, this one is
 * the default and the reference for the state machine's tests.
 */
import type { IntOrPercent } from '../spec/types';
import type { ArgoCanaryReplicaInput, ArgoTrafficWeights } from './types';

/** An int-or-percent against `total`, rounded up or down as Kubernetes does. */
function resolve(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const scaled = (parseFloat(value) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** `resolveFenceposts`: surge rounds up, unavailability down; both 0 means 1 unavailable. */
export function resolveFenceposts(
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
  replicas: number,
): { maxSurge: number; maxUnavailable: number } {
  const surge = resolve(maxSurge, replicas, true);
  let unavailable = resolve(maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: unavailable };
}

function tied(weight: number, maxWeight: number, total: number): boolean {
  const product = total * (weight / maxWeight);
  return product - Math.trunc(product) === 0.5;
}

function delta(
  weight: number,
  maxWeight: number,
  canary: number,
  total: number,
): number {
  return Math.abs((canary * maxWeight) / total - weight);
}

/** `approximateWeightedCanaryStableReplicaCounts`: the counts closest to the weight, surging by one pod if that is closer. */
export function approximateCanaryStableCounts(
  replicas: number,
  weight: number,
  maxWeight: number,
  maxSurge: number,
): { canary: number; stable: number } {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const ceil = Math.ceil((replicas * weight) / maxWeight);
  const floor = Math.floor((replicas * weight) / maxWeight);
  const zeroAllowed =
    weight === maxWeight || weight === 0 || (replicas === 1 && maxSurge === 0);
  const options: { canary: number; total: number }[] = [];
  if (ceil < replicas || zeroAllowed)
    options.push({ canary: ceil, total: replicas });
  if (!tied(weight, maxWeight, replicas) && (floor !== 0 || zeroAllowed))
    options.push({ canary: floor, total: replicas });
  if (maxSurge > 0) {
    options.push({ canary: ceil, total: replicas + 1 });
    if (!tied(weight, maxWeight, replicas + 1) && (floor !== 0 || zeroAllowed))
      options.push({ canary: floor, total: replicas + 1 });
  }
  if (options.length === 0) return { canary: 0, stable: replicas };
  let best = options[0];
  for (const option of options.slice(1)) {
    if (
      delta(weight, maxWeight, option.canary, option.total) <
      delta(weight, maxWeight, best.canary, best.total)
    ) {
      best = option;
    }
  }
  return { canary: best.canary, stable: best.total - best.canary };
}

const weightToReplicas = (replicas: number, weight: number, max: number) =>
  Math.ceil((weight * replicas) / max);

function withMinPods(input: ArgoCanaryReplicaInput, count: number): number {
  return count === 0 ? 0 : Math.max(count, input.minPodsPerReplicaSet);
}

function trafficRouted(
  input: ArgoCanaryReplicaInput,
  weights: ArgoTrafficWeights | undefined,
): { canary: number; stable: number } {
  const { replicas, maxTrafficWeight: max } = input;
  const weight = 'weight' in input.scale ? input.scale.weight : 0;
  let canary =
    'replicas' in input.scale
      ? input.scale.replicas
      : withMinPods(input, weightToReplicas(replicas, weight, max));
  if (!input.dynamicStableScale) return { canary, stable: replicas };
  let stable = weightToReplicas(replicas, max - weight, max);
  if (weights) {
    stable = Math.max(
      stable,
      weightToReplicas(replicas, weights.stable.weight, max),
    );
    if (input.abort) {
      canary = Math.max(
        canary,
        weightToReplicas(replicas, weights.canary.weight, max),
      );
    }
  }
  return {
    canary: withMinPods(input, canary),
    stable: withMinPods(input, stable),
  };
}

/** The default `ArgoCanaryReplicaCalculator`. */
export function argoCanaryReplicaTargets(input: ArgoCanaryReplicaInput): {
  canary: number;
  stable: number;
} {
  if (input.trafficRouted) return trafficRouted(input, input.weights);
  // No stable to split with: the canary is the whole rollout.
  if (!input.hasStable) return { canary: input.replicas, stable: 0 };
  const weight = 'weight' in input.scale ? input.scale.weight : 0;
  return approximateCanaryStableCounts(
    input.replicas,
    weight,
    input.maxTrafficWeight,
    input.maxSurge,
  );
}
