/**
 * Argo's rollout phase and message (v1.8.3, `utils/rollout/rolloututil.go`:
 * `CalculateRolloutPhase`, `GetRolloutPhase`), so the Canary tab shows
 * what `kubectl argo rollouts get` and Argo CD show.
 */
import type { ArgoRolloutSpec } from '../spec/types';
import { reasons } from './messages';
import { isFullyPromoted } from './status';
import type { ArgoRolloutPhase, ArgoRolloutStatus } from './types';

export interface ArgoPhase {
  phase: ArgoRolloutPhase;
  message: string;
}

/** The rollout is paused by its document or by a user (`spec.paused`). */
export function isSpecPaused(
  spec: ArgoRolloutSpec,
  status: Pick<ArgoRolloutStatus, 'pausedByUser'>,
): boolean {
  return spec.paused || status.pausedByUser;
}

/** `CalculateRolloutPhase`: what the controller stores in `status.phase` and `status.message`. */
export function calculateArgoRolloutPhase(
  spec: ArgoRolloutSpec,
  status: ArgoRolloutStatus,
): ArgoPhase {
  for (const cond of status.conditions) {
    if (cond.type === 'InvalidSpec') {
      return {
        phase: 'Degraded',
        message: `${reasons.invalidSpec}: ${cond.message}`,
      };
    }
    if (
      cond.reason === reasons.rolloutAborted ||
      cond.reason === reasons.timedOut
    ) {
      return { phase: 'Degraded', message: `${cond.reason}: ${cond.message}` };
    }
  }
  if (isSpecPaused(spec, status)) {
    return { phase: 'Paused', message: 'manually paused' };
  }
  if (status.pauseConditions.length > 0) {
    return { phase: 'Paused', message: status.pauseConditions[0].reason };
  }
  if (spec.restartAt !== undefined && spec.restartAt !== status.restartedAt) {
    return { phase: 'Progressing', message: 'rollout is restarting' };
  }
  if (status.updatedReplicas < spec.replicas) {
    return {
      phase: 'Progressing',
      message: 'more replicas need to be updated',
    };
  }
  if (status.availableReplicas < status.updatedReplicas) {
    return {
      phase: 'Progressing',
      message: 'updated replicas are still becoming available',
    };
  }
  const strategy = spec.strategy;
  if (strategy.kind === 'blueGreen') {
    const activeSelector = status.blueGreen.activeSelector;
    if (activeSelector === '' || activeSelector !== status.currentPodHash) {
      return {
        phase: 'Progressing',
        message: 'active service cutover pending',
      };
    }
    if (status.stableRS === '' || !isFullyPromoted(status)) {
      const post = status.blueGreen.postPromotionAnalysisRunStatus;
      const postPending =
        strategy.postPromotionAnalysis !== undefined &&
        (post === undefined || !isCompleted(post.status));
      return {
        phase: 'Progressing',
        message: postPending
          ? 'waiting for analysis to complete'
          : 'waiting for post-promotion verification to complete',
      };
    }
  } else {
    if (!strategy.trafficRouting && status.replicas > status.updatedReplicas) {
      return {
        phase: 'Progressing',
        message: 'old replicas are pending termination',
      };
    }
    if (status.stableRS === '' || !isFullyPromoted(status)) {
      return {
        phase: 'Progressing',
        message: 'waiting for all steps to complete',
      };
    }
  }
  return { phase: 'Healthy', message: '' };
}

/** An AnalysisRun phase that no longer changes. */
export function isCompleted(phase: string): boolean {
  return (
    phase === 'Successful' ||
    phase === 'Failed' ||
    phase === 'Error' ||
    phase === 'Inconclusive'
  );
}

/**
 * `GetRolloutPhase`: what a client shows. A user's promote clears the
 * pause conditions before the controller sees it; until then Argo says
 * "waiting for rollout to unpause". Otherwise the stored phase, or the
 * calculated one for a status that has none. (Argo's generation checks do
 * not apply: Slipway reconciles the document it was given.)
 */
export function getArgoRolloutPhase(
  spec: ArgoRolloutSpec,
  status: ArgoRolloutStatus,
): ArgoPhase {
  if (status.controllerPause && status.pauseConditions.length === 0) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  if (status.currentPodHash !== '') {
    return { phase: status.phase, message: status.message };
  }
  return calculateArgoRolloutPhase(spec, status);
}
