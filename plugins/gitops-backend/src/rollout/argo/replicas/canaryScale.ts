import type { ArgoRolloutSpec, CanaryStep, SetCanaryScale } from '../spec';
import { maxTrafficWeight } from './fenceposts';

/**
 * What a canary's replica counts follow: an explicit count
 * (`setCanaryScale.replicas` in force), or a weight, the share of
 * `spec.replicas` out of `maxTrafficWeight` the canary runs: the last
 * `setWeight`, or `setCanaryScale.weight` in force. Not necessarily the
 * traffic weight: `setCanaryScale` may run more or fewer pods than
 * traffic needs. The same shape as the controller's `canaryScale`.
 */
export type CanaryScale = { weight: number } | { replicas: number };

/** The weight a scale stands for: an explicit count stands for none (Argo's `GetCanaryReplicasOrWeight` returns 0 with it). */
export function scaleWeight(scale: CanaryScale): number {
  return 'weight' in scale ? scale.weight : 0;
}

/** The parts of `status` the canary's scale depends on. */
export interface CanaryScaleState {
  /** `status.currentStepIndex`; undefined counts as 0. */
  currentStepIndex?: number;
  /** `status.abort`. */
  aborted: boolean;
  /** `status.promoteFull`. */
  promoteFull: boolean;
  /** `status.stableRS`: the stable ReplicaSet's hash. */
  stableHash?: string;
  /** `status.currentPodHash`: the new ReplicaSet's hash. */
  currentHash?: string;
}

/** The step at `currentStepIndex`, or undefined without steps or past the last (`GetCurrentCanaryStep`). */
function currentStep(
  spec: ArgoRolloutSpec,
  currentStepIndex: number | undefined,
): { steps: CanaryStep[]; index: number } | undefined {
  if (spec.strategy.kind !== 'canary') return undefined;
  const steps = spec.strategy.steps;
  const index = currentStepIndex ?? 0;
  if (steps.length === 0 || index >= steps.length) return undefined;
  return { steps, index };
}

/**
 * Argo's `GetCurrentSetWeight`: 0 once aborted; all of `maxTrafficWeight`
 * without steps or past the last; else the last `setWeight` at or before
 * the current step, 0 when none.
 */
export function currentSetWeight(
  spec: ArgoRolloutSpec,
  state: Pick<CanaryScaleState, 'currentStepIndex' | 'aborted'>,
): number {
  if (state.aborted) return 0;
  const current = currentStep(spec, state.currentStepIndex);
  if (!current) return maxTrafficWeight(spec);
  for (let i = current.index; i >= 0; i--) {
    const weight = current.steps[i].setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

/**
 * Argo's `UseSetCanaryScale`: the `setCanaryScale` in force at the current
 * step, the last one at or before it. None without traffic routing (a
 * basic canary's scale is its weight), past the last step, when the last
 * one matches the traffic weight, or once aborted, unless
 * `abortScaleDownDelaySeconds: 0` asks to leave the canary up.
 */
export function setCanaryScaleInForce(
  spec: ArgoRolloutSpec,
  state: Pick<CanaryScaleState, 'currentStepIndex' | 'aborted'>,
): Exclude<SetCanaryScale, { matchTrafficWeight: true }> | undefined {
  const strategy = spec.strategy;
  if (strategy.kind !== 'canary' || !strategy.trafficRouting) return undefined;
  if (state.aborted && strategy.abortScaleDownDelaySeconds !== 0)
    return undefined;
  const current = currentStep(spec, state.currentStepIndex);
  if (!current) return undefined;
  for (let i = current.index; i >= 0; i--) {
    const scale = current.steps[i].setCanaryScale;
    if (!scale) continue;
    if ('matchTrafficWeight' in scale) return undefined;
    return scale;
  }
  return undefined;
}

/**
 * Argo's `GetCanaryReplicasOrWeight`: all of `maxTrafficWeight` when
 * promoting fully, without a stable ReplicaSet or when the new one is the
 * stable one; else the `setCanaryScale` in force; else the current
 * `setWeight`.
 */
export function canaryScale(
  spec: ArgoRolloutSpec,
  state: CanaryScaleState,
): CanaryScale {
  if (
    state.promoteFull ||
    !state.stableHash ||
    state.currentHash === state.stableHash
  ) {
    return { weight: maxTrafficWeight(spec) };
  }
  const scale = setCanaryScaleInForce(spec, state);
  if (scale && 'replicas' in scale) return { replicas: scale.replicas };
  if (scale && 'weight' in scale) return { weight: scale.weight };
  return { weight: currentSetWeight(spec, state) };
}
