import type { ArgoRolloutSpec, CanaryStep, SetCanaryScale } from '../spec';
import { maxTrafficWeight } from './fenceposts';

/**
 * What a canary's replica counts follow: an explicit count
 * (`setCanaryScale.replicas` in force), or a weight, the share of
 * `spec.replicas` out of `maxTrafficWeight` the canary runs: the last
 * `setWeight`, or `setCanaryScale.weight` in force. Not necessarily the
 * traffic weight: `setCanaryScale` may run more or fewer pods than
 * traffic needs.
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

/**
 * Argo's `GetCurrentCanaryStep`: the step at `currentStepIndex` (undefined
 * counts as 0) and that index. Neither without steps (or for blue-green);
 * the index without a step once every step is done.
 */
export function currentCanaryStep(
  spec: ArgoRolloutSpec,
  state: Pick<CanaryScaleState, 'currentStepIndex'>,
): { step?: CanaryStep; index?: number } {
  if (spec.strategy.kind !== 'canary') return {};
  const steps = spec.strategy.steps;
  if (steps.length === 0) return {};
  const index = state.currentStepIndex ?? 0;
  return { step: steps[index], index };
}

/** The steps up to the current one, newest first; none without a current step. */
function stepsBackFromCurrent(
  spec: ArgoRolloutSpec,
  state: Pick<CanaryScaleState, 'currentStepIndex'>,
): CanaryStep[] | undefined {
  const { step, index } = currentCanaryStep(spec, state);
  if (!step || index === undefined || spec.strategy.kind !== 'canary')
    return undefined;
  return spec.strategy.steps.slice(0, index + 1).reverse();
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
  const back = stepsBackFromCurrent(spec, state);
  if (!back) return maxTrafficWeight(spec);
  return back.find(step => step.setWeight !== undefined)?.setWeight ?? 0;
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
  const scale = stepsBackFromCurrent(spec, state)?.find(
    step => step.setCanaryScale,
  )?.setCanaryScale;
  if (!scale || 'matchTrafficWeight' in scale) return undefined;
  return scale;
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
