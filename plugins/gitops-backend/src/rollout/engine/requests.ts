import { ConflictError } from '@backstage/errors';
import type { RolloutAction } from '@slipway/plugin-gitops-common';
import { inRun, promoting } from './phases';
import type { RolloutState } from './types';

/** Records a manual request on the state, or refuses it for the phase it is in. */
export function applyRequest(state: RolloutState, action: RolloutAction): void {
  const phase = state.phase || 'Initializing';
  const running = inRun(state);
  const awaitingApproval = state.phase === 'Waiting' && !running;
  const refuse = (why: string) => {
    throw new ConflictError(
      `Cannot ${action} rollout ${state.rollout}: ${why}`,
    );
  };
  switch (action) {
    case 'promote':
    case 'promote-full':
      if (!running && !awaitingApproval)
        refuse(`it is ${phase}, with no run to promote`);
      if (promoting(state)) refuse('its promotion is already under way');
      if (action === 'promote') state.requests.promote = true;
      else state.requests.promoteFull = true;
      if (awaitingApproval && action === 'promote-full')
        state.requests.promote = true;
      return;
    case 'abort':
      if (!running) refuse(`it is ${phase}, with no run to abort`);
      if (promoting(state)) refuse('its promotion is already under way');
      state.requests.abort = true;
      return;
    case 'retry':
      if (phase !== 'Failed')
        refuse(`only a Failed rollout can be retried; it is ${phase}`);
      state.requests.retry = true;
      return;
    case 'pause':
      if (!running || promoting(state))
        refuse(`it is ${phase}; only a run in analysis can be paused`);
      if (state.requests.paused) refuse('it is already paused');
      state.requests.paused = true;
      return;
    case 'resume':
      if (!state.requests.paused) refuse('it is not paused');
      state.requests.paused = false;
      return;
    default:
      refuse('unknown action');
  }
}
