import { ConflictError } from '@backstage/errors';
import type { RolloutAction } from '@slipway/plugin-gitops-common';
import type { ArgoUserRequest } from '../../argo/controller/types';
import type { RolloutState } from '../types';

/**
 * Records a `kubectl argo rollouts` action on an Argo Rollout's state, or
 * refuses one that cannot apply. Argo's CLI accepts most actions in any
 * phase; refused here is only what would do nothing.
 */
export function applyArgoRequest(
  state: RolloutState,
  action: RolloutAction,
): void {
  const status = state.argo?.status;
  const refuse = (why: string) => {
    throw new ConflictError(
      `Cannot ${action} rollout ${state.rollout}: ${why}`,
    );
  };
  if (!status) refuse('it has not been reconciled yet');
  const promoted = status!.stableRS === status!.currentPodHash;
  switch (action) {
    case 'promote':
    case 'promote-full':
      if (promoted && !status!.abort) refuse('it is fully promoted');
      if (action === 'promote') state.requests.promote = true;
      else state.requests.promoteFull = true;
      return;
    case 'abort':
      if (promoted) refuse('it is fully promoted, with no update to abort');
      if (status!.abort) refuse('it is already aborted');
      state.requests.abort = true;
      return;
    case 'retry':
      if (!status!.abort) refuse('only an aborted rollout can be retried');
      state.requests.retry = true;
      return;
    case 'pause':
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

/**
 * The recorded requests as the planner takes them, in the order
 * `kubectl argo rollouts` users would issue them, and consumed: one-shot
 * actions are cleared; `paused` stays, as Argo's `spec.paused` does, and is
 * told to the planner when it differs from what the status holds.
 */
export function takeArgoRequests(state: RolloutState): ArgoUserRequest[] {
  const { requests } = state;
  const out: ArgoUserRequest[] = [];
  if (requests.abort) out.push('abort');
  if (requests.retry) out.push('retry');
  const pausedByUser = state.argo?.status.pausedByUser ?? false;
  if (requests.paused && !pausedByUser) out.push('pause');
  if (!requests.paused && pausedByUser) out.push('resume');
  if (requests.promoteFull) out.push('promoteFull');
  else if (requests.promote) out.push('promote');
  requests.abort = false;
  requests.retry = false;
  requests.promote = false;
  requests.promoteFull = false;
  return out;
}
