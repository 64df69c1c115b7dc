import {
  ROLLOUT_RUN_PHASES,
  type RolloutPhase,
} from '@slipway/plugin-gitops-common';
import type { RolloutState } from './types';

/** The start gate (confirm-rollout) holds a revision in `Waiting` with this reason. */
export const APPROVAL = 'approval';

export function inRun(state: RolloutState): boolean {
  if (state.phase === '') return false;
  if (state.phase === 'Waiting' && state.pause?.reason === APPROVAL)
    return false;
  return ROLLOUT_RUN_PHASES.includes(state.phase);
}

/** Past the analysis: the primary is being updated or traffic returned to it. */
export function promoting(state: RolloutState): boolean {
  return state.phase === 'Promoting' || state.phase === 'Finalising';
}

/** Enters a phase; weight and iterations reset outside the analysis phases. */
export function setPhase(
  state: RolloutState,
  phase: RolloutPhase,
  at: string,
): void {
  if (state.phase !== phase) state.lastTransitionAt = at;
  state.phase = phase;
  if (
    !['Progressing', 'Waiting', 'Promoting', 'WaitingPromotion'].includes(phase)
  ) {
    state.canaryWeight = 0;
    state.iterations = 0;
  }
}

/** The Promoted condition's wording per phase, as Flagger words it (docs/rollout-engine.md#phases). */
export function conditionMessage(
  phase: RolloutPhase | '',
  kind = 'Deployment',
): string {
  switch (phase) {
    case '':
    case 'Initializing':
      return `New ${kind} detected, starting initialization.`;
    case 'Initialized':
      return `${kind} initialization completed.`;
    case 'Waiting':
    case 'WaitingPromotion':
      return 'Waiting for approval.';
    case 'Progressing':
      return 'New revision detected, progressing canary analysis.';
    case 'Promoting':
      return 'Canary analysis completed, starting primary rolling update.';
    case 'Finalising':
      return 'Canary analysis completed, routing all traffic to primary.';
    case 'Succeeded':
      return 'Canary analysis completed successfully, promotion finished.';
    case 'Failed':
      return `Canary analysis failed, ${kind} scaled to zero.`;
    default:
      return phase;
  }
}
