import { RolloutSummary } from '@internal/plugin-gitops-common';

/** The plan as stepper labels and which one the rollout is at (-1: not started). */
export interface ProgressSteps {
  /** What the steps count: canary weights or passed iterations. */
  unit: 'weight' | 'iteration';
  labels: string[];
  /** Index of the current step; `labels.length` once promoted. */
  active: number;
}

const PROMOTING = ['Promoting', 'Finalising'];

/**
 * Weight-stepped canaries step through `analysis.weights` by the live
 * `canaryWeight`; blue/green and A/B count iterations. The last step is the
 * promotion (docs/rollout-engine.md#weights-and-steps).
 */
export function progressSteps(
  rollout: RolloutSummary,
): ProgressSteps | undefined {
  const { analysis, status } = rollout;
  if (!analysis) return undefined;
  const byIterations = analysis.weights.length === 0 && analysis.iterations > 0;
  const labels = byIterations
    ? Array.from(
        { length: analysis.iterations },
        (_, i) => `Iteration ${i + 1}`,
      )
    : analysis.weights.map(w => `${w}%`);
  if (labels.length === 0) return undefined;
  labels.push('Promote');
  const promote = labels.length - 1;

  let active = -1;
  if (status?.phase === 'Succeeded') active = labels.length;
  else if (status && PROMOTING.includes(status.phase)) active = promote;
  else if (status && byIterations)
    active = Math.min(status.iterations, promote);
  else if (status && status.canaryWeight > 0) {
    // An overshooting last step (maxWeight 50, stepWeight 20 → 60) is still the last one.
    const reached = analysis.weights.filter(
      w => w <= status.canaryWeight,
    ).length;
    active = Math.max(0, Math.min(reached, analysis.weights.length) - 1);
  }
  return { unit: byIterations ? 'iteration' : 'weight', labels, active };
}
