import type { ArgoRolloutSpec } from '../spec';
import type { CanaryReplicas } from './basicCanary';
import { scaleWeight, type CanaryScale } from './canaryScale';
import { maxTrafficWeight } from './fenceposts';

/** Argo's `trafficWeightToReplicas`: the pods that serve `weight` of the traffic, rounded up. */
export function trafficWeightToReplicas(
  replicas: number,
  weight: number,
  maxWeight: number,
): number {
  return Math.ceil((weight * replicas) / maxWeight);
}

/** Argo's `CheckMinPodsPerReplicaSet`: a non-zero count raised to `minPodsPerReplicaSet` (traffic routing only). */
function withMinPods(spec: ArgoRolloutSpec, count: number): number {
  const strategy = spec.strategy;
  if (count === 0 || strategy.kind !== 'canary' || !strategy.trafficRouting)
    return count;
  return Math.max(count, strategy.minPodsPerReplicaSet);
}

export interface TrafficRoutedCanaryInput {
  /** What the canary's count follows (`canaryScale`). */
  scale: CanaryScale;
  /**
   * The weights the traffic router last set (`status.canary.weights`),
   * out of `maxTrafficWeight`. With `dynamicStableScale` the stable keeps
   * the pods for the traffic it still gets, and an aborted canary keeps
   * the pods for the traffic it still gets.
   */
  actualWeights?: { canary: number; stable: number };
  /** `status.abort`. */
  aborted?: boolean;
}

/**
 * Argo's `CalculateReplicaCountsForTrafficRoutedCanary`: with traffic
 * routing the router splits traffic, so the counts only have to carry it.
 * The canary runs `setCanaryScale.replicas` when in force, else
 * `ceil(weight × spec.replicas / maxTrafficWeight)`, at least
 * `minPodsPerReplicaSet` when not 0. The stable stays at `spec.replicas`,
 * unless `dynamicStableScale`: then it runs the pods for the larger of
 * its desired and its actual traffic, and an aborted canary the larger of
 * its desired and actual traffic, both at least `minPodsPerReplicaSet`.
 */
export function trafficRoutedCanaryReplicas(
  spec: ArgoRolloutSpec,
  input: TrafficRoutedCanaryInput,
): CanaryReplicas {
  const replicas = spec.replicas;
  const maxWeight = maxTrafficWeight(spec);
  const { scale, actualWeights } = input;
  const weight = scaleWeight(scale);
  let canary =
    'replicas' in scale
      ? scale.replicas
      : withMinPods(spec, trafficWeightToReplicas(replicas, weight, maxWeight));
  const dynamic =
    spec.strategy.kind === 'canary' && spec.strategy.dynamicStableScale;
  if (!dynamic) return { canary, stable: replicas };

  let stable = trafficWeightToReplicas(replicas, maxWeight - weight, maxWeight);
  if (actualWeights) {
    stable = Math.max(
      stable,
      trafficWeightToReplicas(replicas, actualWeights.stable, maxWeight),
    );
    if (input.aborted) {
      canary = Math.max(
        canary,
        trafficWeightToReplicas(replicas, actualWeights.canary, maxWeight),
      );
    }
  }
  return {
    canary: withMinPods(spec, canary),
    stable: withMinPods(spec, stable),
  };
}
