import {
  ROLLOUT_RUN_PHASES,
  RolloutAction,
  RolloutStatus,
} from '@internal/plugin-gitops-common';

// The engine's rules (docs/rollout-engine.md#manual-controls), so a button is
// only offered when the backend would not answer 409.

const awaitingApproval = (s: RolloutStatus) =>
  s.phase === 'Waiting' && s.pause?.reason === 'approval';
const inRun = (s: RolloutStatus) =>
  ROLLOUT_RUN_PHASES.includes(s.phase) && !awaitingApproval(s);
const promoting = (s: RolloutStatus) =>
  s.phase === 'Promoting' || s.phase === 'Finalising';
const manuallyPaused = (s: RolloutStatus) => s.pause?.reason === 'manual pause';

/** Why `action` does not apply to the rollout now, or undefined when it does. */
export function whyNotApplicable(
  action: RolloutAction,
  status?: RolloutStatus,
): string | undefined {
  if (!status) return 'The rollout engine has not initialised this rollout yet';
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
