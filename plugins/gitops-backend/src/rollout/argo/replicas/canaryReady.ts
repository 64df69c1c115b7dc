import type { ArgoRolloutSpec } from '../spec';
import { basicCanaryReplicas } from './basicCanary';
import { scaleWeight, type CanaryScale } from './canaryScale';
import { trafficRoutedCanaryReplicas } from './trafficRoutedCanary';
import type { ReplicaCounts } from './types';

type Counts = ReplicaCounts & { currentReplicas: number };

export interface CanaryReadinessInput {
  scale: CanaryScale;
  canary?: Counts;
  stable?: Counts;
  others?: readonly Counts[];
  actualWeights?: { canary: number; stable: number };
  aborted?: boolean;
}

/**
 * Argo's `AtDesiredReplicaCountsForCanary`, which gates a step's
 * completion: the canary has exactly its desired count, all available;
 * the stable has exactly its desired count, all created (with traffic
 * routing and `dynamicStableScale` the stable is not checked); a basic
 * canary also needs every older ReplicaSet without available pods, since
 * they would take traffic.
 */
export function atDesiredCanaryReplicas(
  spec: ArgoRolloutSpec,
  input: CanaryReadinessInput,
): boolean {
  const strategy = spec.strategy;
  if (strategy.kind !== 'canary') return false;
  const routed = strategy.trafficRouting !== undefined;
  const desired = routed
    ? trafficRoutedCanaryReplicas(spec, input)
    : basicCanaryReplicas(spec, scaleWeight(input.scale), input);
  const { canary, stable, others = [] } = input;
  if (
    !canary ||
    canary.replicas !== desired.canary ||
    canary.availableReplicas !== desired.canary
  )
    return false;
  if (!routed || !strategy.dynamicStableScale) {
    if (
      !stable ||
      stable.replicas !== desired.stable ||
      stable.currentReplicas !== desired.stable
    )
      return false;
  }
  if (!routed && others.some(rs => rs.availableReplicas !== 0)) return false;
  return true;
}
