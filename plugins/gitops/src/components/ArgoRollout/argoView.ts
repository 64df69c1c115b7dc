import {
  ArgoAnalysisRunView,
  ArgoRolloutView,
  RolloutSummary,
} from '@slipway/plugin-gitops-common';

// Argo Rollouts' own words and signs for its objects, as
// `kubectl argo rollouts get` prints them (v1.8, pkg/kubectl-argo-rollouts/info).

/** `kubectl argo rollouts get`'s sign for each rollout phase. */
export const ARGO_PHASE_ICONS: Record<ArgoRolloutView['phase'], string> = {
  Healthy: '✔',
  Progressing: '◌',
  Paused: '॥',
  Degraded: '✖',
};

/** `kubectl argo rollouts get`'s sign for each AnalysisRun or metric phase. */
export const ANALYSIS_PHASE_ICONS: Record<string, string> = {
  Successful: '✔',
  Failed: '✖',
  Error: '⚠',
  Inconclusive: '?',
  Running: '◌',
  Pending: '◷',
};

/**
 * Whether a summary is an Argo Rollouts `Rollout` (argoproj.io/v1alpha1):
 * once run, its status carries Argo's view; before that, only Argo
 * summaries list `steps` (Slipway's own documents have `analysis`).
 */
export const isArgoRollout = (rollout: RolloutSummary): boolean =>
  Boolean(rollout.status?.argo) ||
  (rollout.steps !== undefined && !rollout.analysis);

/** The stable ReplicaSet runs the current template: nothing left to promote or abort. */
export const isFullyPromoted = (argo: ArgoRolloutView): boolean =>
  argo.stableHash === argo.currentHash;

/**
 * Paused by a user (`kubectl argo rollouts pause`), which Resume lifts; a
 * `spec.paused: true` in Git is not, and Resume cannot lift it.
 */
export const isUserPaused = (argo: ArgoRolloutView): boolean =>
  argo.pausedByUser;

/**
 * `kubectl argo rollouts get`'s `Step: 1/8`: the steps done (the index of
 * the current one) of all of them; undefined without steps (blue/green).
 */
export function argoStepCount(
  rollout: RolloutSummary,
): { done: number; total: number; current?: string } | undefined {
  const steps = rollout.steps ?? [];
  const index = rollout.status?.argo?.currentStepIndex;
  if (steps.length === 0 || index === undefined) return undefined;
  const done = Math.min(index, steps.length);
  return { done, total: steps.length, current: steps[done] };
}

/** A step as the stepper labels it: `setWeight 20` → `20%`, `pause 10s` → `Pause 10s`. */
export function argoStepLabel(step: string): string {
  const space = step.indexOf(' ');
  const verb = space < 0 ? step : step.slice(0, space);
  const arg = space < 0 ? '' : step.slice(space + 1);
  switch (verb) {
    case 'setWeight':
      return `${arg}%`;
    case 'pause':
      return arg ? `Pause ${arg}` : 'Pause';
    case 'analysis':
      return arg ? `Analysis ${arg}` : 'Analysis';
    case 'setCanaryScale':
      return 'Canary scale';
    case 'setHeaderRoute':
      return arg ? `Header route ${arg}` : 'Header route';
    default:
      return step;
  }
}

/** What started an AnalysisRun, in words. */
export const ANALYSIS_RUN_KINDS: Record<ArgoAnalysisRunView['kind'], string> = {
  step: 'Step',
  background: 'Background',
  prePromotion: 'Pre-promotion',
  postPromotion: 'Post-promotion',
};
