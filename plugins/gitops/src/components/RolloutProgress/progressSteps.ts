import { RolloutSummary } from '@slipway/plugin-gitops-common';
import { argoStepLabel, isArgoRollout } from '../ArgoRollout/argoView';

/** The plan as stepper labels and which one the rollout is at (-1: not started). */
export interface ProgressSteps {
  /** What the steps count: canary weights, passed iterations or an Argo Rollout's steps. */
  unit: 'weight' | 'iteration' | 'step';
  labels: string[];
  /** Index of the current step; `labels.length` once promoted. */
  active: number;
}

const PROMOTING = ['Promoting', 'Finalising'];

/**
 * An Argo canary's own steps (`summary.steps`), at Argo's
 * `currentStepIndex`: the steps before it are done, which is how the
 * stepper draws them, so nothing is guessed from weights. Past the last
 * step (`steps.length`) every step is done. An aborted rollout is at no
 * step: Argo sets the index back to 0 and Retry starts there. Blue/green
 * has no steps and draws nothing.
 */
function argoProgressSteps(rollout: RolloutSummary): ProgressSteps | undefined {
  const steps = rollout.steps ?? [];
  if (steps.length === 0) return undefined;
  const { status } = rollout;
  const argo = status?.argo;
  let active = -1;
  if (status && !argo?.aborted)
    active = Math.min(argo?.currentStepIndex ?? status.stepIndex, steps.length);
  return { unit: 'step', labels: steps.map(argoStepLabel), active };
}

/**
 * Weight-stepped canaries step through `analysis.weights` by the live
 * `canaryWeight`; blue/green and A/B count iterations. The last step is the
 * promotion (docs/rollout-engine.md#weights-and-steps). An Argo Rollout
 * steps through its own steps; a summary with neither draws nothing.
 */
export function progressSteps(
  rollout: RolloutSummary,
): ProgressSteps | undefined {
  if (isArgoRollout(rollout)) return argoProgressSteps(rollout);
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
