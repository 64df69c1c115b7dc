/**
 * Where a canary is in its steps, as Argo reads it (v1.8.3,
 * `utils/replicaset/canary.go`: `BeforeStartingStep`;
 * `rollout/trafficrouting.go`: the previous `setWeight`;
 * `utils/rollout/rolloututil.go`: `CanaryStepString`;
 * `utils/conditions/conditions.go`: `ComputeStepHash`). The current step,
 * its weight and scale are the replica arithmetic's (`currentCanaryStep`,
 * `currentSetWeight`, `canaryScale` in `rollout/argo/replicas`).
 */
import { currentCanaryStep } from '../replicas';
import type {
  ArgoRolloutSpec,
  CanaryStep,
  CanaryStrategy,
} from '../spec/types';
import { fnv32aHex, stableJson } from '../../workloads/stableHash';
import type { ArgoRolloutStatus } from './types';

export function canaryOf(spec: ArgoRolloutSpec): CanaryStrategy | undefined {
  return spec.strategy.kind === 'canary' ? spec.strategy : undefined;
}

export function stepCount(spec: ArgoRolloutSpec): number {
  return canaryOf(spec)?.steps.length ?? 0;
}

/** The weight of the last `setWeight` before the current step (what the traffic keeps while the canary scales up). */
export function previousSetWeight(
  spec: ArgoRolloutSpec,
  index: number,
): number {
  const steps = canaryOf(spec)?.steps ?? [];
  for (let i = index - 1; i >= 0; i--) {
    const weight = steps[i].setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

/** The background analysis waits for its `startingStep`. */
export function beforeStartingStep(
  spec: ArgoRolloutSpec,
  status: Pick<ArgoRolloutStatus, 'currentStepIndex'>,
): boolean {
  const analysis = canaryOf(spec)?.analysis;
  if (!analysis) return false;
  const { index } = currentCanaryStep(spec, status);
  if (index === undefined) return false;
  return index < analysis.startingStep;
}

/**
 * `CanaryStepString`, for `RolloutStepCompleted` events. A pause prints
 * its seconds (Argo prints the duration as written: `10`, `10s`, `1m`).
 * Argo has no words for `setHeaderRoute` and prints `invalid`.
 */
export function canaryStepString(step: CanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`;
  if (step.pause) {
    return step.pause.durationSeconds === undefined
      ? 'pause'
      : `pause: ${step.pause.durationSeconds}`;
  }
  if (step.analysis) return 'analysis';
  const scale = step.setCanaryScale;
  if (scale) {
    if ('weight' in scale) return `setCanaryScale{weight: ${scale.weight}}`;
    if ('matchTrafficWeight' in scale)
      return 'setCanaryScale{matchTrafficWeight: true}';
    return `setCanaryScale{replicas: ${scale.replicas}}`;
  }
  return 'invalid';
}

/**
 * A hash of the canary steps (FNV-1a, as Argo's `ComputeStepHash`): a
 * change to the steps restarts them. The value differs from Argo's, which
 * hashes Go's JSON of its own structs; only changes matter. Empty for
 * blue-green.
 */
export function computeStepHash(spec: ArgoRolloutSpec): string {
  const canary = canaryOf(spec);
  if (!canary) return '';
  return fnv32aHex(stableJson(canary.steps));
}
