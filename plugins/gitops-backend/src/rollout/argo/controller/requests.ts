/**
 * Users' actions, applied to the status the way `kubectl argo rollouts`
 * patches the Rollout before the controller sees it (v1.8.3,
 * `pkg/kubectl-argo-rollouts/cmd/{promote,abort,retry,pause}`).
 *
 * Where Argo writes `spec.paused`, Slipway writes `status.pausedByUser`:
 * the document lives in Git, so a `spec.paused: true` written there holds
 * until Git changes, whatever a user asks.
 */
import { currentCanaryStep } from '../replicas';
import type { ArgoRolloutSpec } from '../spec/types';
import { stepCount } from './steps';
import type {
  ArgoRolloutAnalysisRunStatus,
  ArgoRolloutStatus,
  ArgoUserRequest,
} from './types';

/**
 * `promote` without `--full` (`getPatches`' default case): unpause; after
 * an inconclusive step analysis the controller paused on, also move past
 * that step and reset `controllerPause`; otherwise clear the pause
 * conditions if there are any, and if there are none, move a canary past
 * its current step (whatever it is).
 */
function promote(spec: ArgoRolloutSpec, status: ArgoRolloutStatus): void {
  status.pausedByUser = false;
  const isCanary = spec.strategy.kind === 'canary';
  const steps = stepCount(spec);
  const inconclusive =
    isCanary &&
    status.canary.currentStepAnalysisRunStatus?.status === 'Inconclusive';
  const { index } = currentCanaryStep(spec, status);
  const nextIndex =
    index === undefined ? undefined : Math.min(index + 1, steps);
  if (
    inconclusive &&
    status.pauseConditions.length > 0 &&
    status.controllerPause
  ) {
    if (nextIndex !== undefined) {
      status.pauseConditions = [];
      status.controllerPause = false;
      status.currentStepIndex = nextIndex;
    }
  } else if (status.pauseConditions.length > 0) {
    status.pauseConditions = [];
  } else if (isCanary && nextIndex !== undefined) {
    status.pauseConditions = [];
    status.currentStepIndex = nextIndex;
  }
}

const failed = (run?: ArgoRolloutAnalysisRunStatus) =>
  run?.status === 'Failed' || run?.status === 'Error';

/**
 * A retry starts the analysis over. Argo means to (a retried rollout
 * creates new runs while `abortedAt` is set), but a reconcile that skips
 * the analysis right after the retry (the canary or preview still has its
 * abort scale-down deadline) clears `abortedAt`, and the failed run then
 * aborts the rollout again (argoproj/argo-rollouts#2824, #2897). Slipway
 * forgets the failed runs on retry instead.
 */
function forgetFailedRuns(status: ArgoRolloutStatus): void {
  if (failed(status.canary.currentStepAnalysisRunStatus))
    delete status.canary.currentStepAnalysisRunStatus;
  if (failed(status.canary.currentBackgroundAnalysisRunStatus))
    delete status.canary.currentBackgroundAnalysisRunStatus;
  if (failed(status.blueGreen.prePromotionAnalysisRunStatus))
    delete status.blueGreen.prePromotionAnalysisRunStatus;
  if (failed(status.blueGreen.postPromotionAnalysisRunStatus))
    delete status.blueGreen.postPromotionAnalysisRunStatus;
}

/** The status with the users' actions applied in order (a copy). */
export function applyArgoUserRequests(
  spec: ArgoRolloutSpec,
  status: ArgoRolloutStatus,
  requests: readonly ArgoUserRequest[],
): ArgoRolloutStatus {
  const next = structuredClone(status);
  for (const request of requests) {
    switch (request) {
      case 'promote':
        promote(spec, next);
        break;
      case 'promoteFull':
        if (next.currentPodHash !== next.stableRS) next.promoteFull = true;
        break;
      case 'abort':
        next.abort = true;
        break;
      case 'retry':
        if (next.abort) forgetFailedRuns(next);
        next.abort = false;
        break;
      case 'pause':
        next.pausedByUser = true;
        break;
      case 'resume':
        next.pausedByUser = false;
        break;
      default:
        break;
    }
  }
  return next;
}
