import {
  ArgoRolloutView,
  ROLLOUT_RUN_PHASES,
  RolloutAction,
  RolloutStatus,
} from '@slipway/plugin-gitops-common';
import { isFullyPromoted, isUserPaused } from '../ArgoRollout/argoView';

// The engine's rules (docs/rollout-engine.md#manual-controls), so a button is
// only offered when the backend would not answer 409.

const awaitingApproval = (s: RolloutStatus) =>
  s.phase === 'Waiting' && s.pause?.reason === 'approval';
const inRun = (s: RolloutStatus) =>
  ROLLOUT_RUN_PHASES.includes(s.phase) && !awaitingApproval(s);
const promoting = (s: RolloutStatus) =>
  s.phase === 'Promoting' || s.phase === 'Finalising';
const manuallyPaused = (s: RolloutStatus) => s.pause?.reason === 'manual pause';

/**
 * An Argo Rollout takes `kubectl argo rollouts`' actions in any phase; the
 * backend refuses only those that would do nothing
 * (`rollout/argo/engine/requests.ts`).
 */
function whyNotApplicableToArgo(
  action: RolloutAction,
  argo: ArgoRolloutView,
): string | undefined {
  const promoted = isFullyPromoted(argo);
  switch (action) {
    case 'promote':
    case 'promote-full':
      return promoted && !argo.aborted
        ? `It is fully promoted: revision ${argo.stableHash} is stable, with no update to promote`
        : undefined;
    case 'abort':
      if (promoted)
        return `It is fully promoted: revision ${argo.stableHash} is stable, with no update to abort`;
      if (argo.aborted) return 'It is already aborted';
      return undefined;
    case 'retry':
      return argo.aborted
        ? undefined
        : 'Only an aborted rollout can be retried';
    case 'pause':
      return isUserPaused(argo) ? 'It is already paused' : undefined;
    case 'resume':
      if (isUserPaused(argo)) return undefined;
      if (argo.pauseReasons.length > 0)
        return `Only a rollout a user paused can be resumed; it waits for ${argo.pauseReasons.join(
          ', ',
        )}: Promote moves it on`;
      return 'Only a rollout a user paused can be resumed';
    default:
      return 'Unknown action';
  }
}

/** Why `action` does not apply to the rollout now, or undefined when it does. */
export function whyNotApplicable(
  action: RolloutAction,
  status?: RolloutStatus,
): string | undefined {
  if (!status) return 'The rollout engine has not initialised this rollout yet';
  if (status.argo) return whyNotApplicableToArgo(action, status.argo);
  const phase = status.phase;
  switch (action) {
    case 'promote':
    case 'promote-full':
      if (!inRun(status) && !awaitingApproval(status))
        return `It is ${phase}, with no run to promote`;
      if (promoting(status)) return 'Its promotion is already under way';
      return undefined;
    case 'abort':
      if (!inRun(status)) return `It is ${phase}, with no run to abort`;
      if (promoting(status)) return 'Its promotion is already under way';
      return undefined;
    case 'retry':
      return phase === 'Failed'
        ? undefined
        : `Only a Failed rollout can be retried; it is ${phase}`;
    case 'pause':
      if (!inRun(status) || promoting(status))
        return `It is ${phase}; only a run in analysis can be paused`;
      if (manuallyPaused(status)) return 'It is already paused';
      return undefined;
    case 'resume':
      return manuallyPaused(status) ? undefined : 'It is not paused';
    default:
      return 'Unknown action';
  }
}
