import type { AnalysisSpec, RolloutSpec, RolloutStep } from './types';

type WeightSettings = Pick<
  AnalysisSpec,
  'stepWeight' | 'stepWeights' | 'maxWeight'
>;

/** The increase from canary weight `w`, as Flagger computes it (docs/rollout-engine.md#weights-and-steps). */
export function nextStepWeight(analysis: WeightSettings, w: number): number {
  const { stepWeight, stepWeights } = analysis;
  if (stepWeight > 0 || stepWeights.length === 0) return stepWeight;
  const maxStep = 100 - w;
  // At 100 any non-zero step leads to promotion.
  if (maxStep === 0) return 1;
  if (w === 0) return Math.min(maxStep, stepWeights[0]);
  const i = stepWeights.indexOf(w);
  if (i >= 0 && i < stepWeights.length - 1)
    return Math.min(maxStep, stepWeights[i + 1] - w);
  return maxStep;
}

/**
 * The canary weights a linear or stepped canary passes through before
 * promotion. Like Flagger it may overshoot `maxWeight` (50 by 20 → 20, 40, 60)
 * and never exceeds 100.
 */
export function canaryWeightSchedule(analysis: WeightSettings): number[] {
  const weights: number[] = [];
  let w = 0;
  while (w < analysis.maxWeight) {
    const step = nextStepWeight(analysis, w);
    if (step <= 0) break; // validation prevents this; never loop forever
    w = Math.min(100, w + step);
    weights.push(w);
  }
  return weights;
}

/**
 * Steps the engine runs: explicit Rollout steps win; a canary-strategy Canary
 * compiles to one setWeight per analysis interval. Other strategies use
 * iterations, not steps.
 */
export function effectiveSteps(spec: RolloutSpec): RolloutStep[] {
  if (spec.strategy === 'steps') return spec.steps;
  if (spec.strategy !== 'canary') return [];
  return canaryWeightSchedule(spec.analysis).map(weight => ({
    kind: 'setWeight',
    weight,
  }));
}

/** Shortest successful run: one interval per weight step or iteration. */
export function minimumAnalysisMs(spec: RolloutSpec): number {
  const ticks =
    spec.strategy === 'canary'
      ? canaryWeightSchedule(spec.analysis).length
      : spec.analysis.iterations;
  return ticks * spec.analysis.intervalMs;
}
