import { initialState } from '../initialState';
import type { RolloutState } from '../types';
import { newArgoRolloutStatus } from '../../argo/controller';
import type { ArgoRolloutStatus } from '../../argo/controller/types';
import { applyArgoRequest, takeArgoRequests } from './requests';

function stateWith(status?: Partial<ArgoRolloutStatus>): RolloutState {
  const state = initialState('app', 'web', new Date(0));
  if (status)
    state.argo = {
      status: { ...newArgoRolloutStatus(), ...status },
      runs: {},
      desiredReplicas: 5,
      runOpen: false,
    };
  return state;
}

const updating = { stableRS: 'aaa', currentPodHash: 'bbb' };

describe('Argo Rollout requests', () => {
  it('records the kubectl argo rollouts actions an update in progress can take', () => {
    const state = stateWith(updating);
    applyArgoRequest(state, 'promote');
    applyArgoRequest(state, 'pause');
    applyArgoRequest(state, 'abort');
    expect(state.requests).toEqual({
      promote: true,
      paused: true,
      abort: true,
    });
  });

  it('refuses what would do nothing, saying why', () => {
    expect(() => applyArgoRequest(stateWith(), 'promote')).toThrow(
      'Cannot promote rollout web: it has not been reconciled yet',
    );
    const promoted = stateWith({ stableRS: 'aaa', currentPodHash: 'aaa' });
    expect(() => applyArgoRequest(promoted, 'promote-full')).toThrow(
      /it is fully promoted/,
    );
    expect(() => applyArgoRequest(promoted, 'abort')).toThrow(
      /fully promoted, with no update to abort/,
    );
    expect(() => applyArgoRequest(stateWith(updating), 'retry')).toThrow(
      'Cannot retry rollout web: only an aborted rollout can be retried',
    );
    const aborted = stateWith({ ...updating, abort: true });
    expect(() => applyArgoRequest(aborted, 'abort')).toThrow(/already aborted/);
    expect(() => applyArgoRequest(stateWith(updating), 'resume')).toThrow(
      /it is not paused/,
    );
  });

  it('hands the planner one-shot actions once, full promotion over promotion, and a pause only when it changes', () => {
    const state = stateWith(updating);
    state.requests = {
      promote: true,
      promoteFull: true,
      abort: true,
      paused: true,
    };
    expect(takeArgoRequests(state)).toEqual(['abort', 'pause', 'promoteFull']);
    expect(state.requests).toEqual({
      abort: false,
      retry: false,
      promote: false,
      promoteFull: false,
      paused: true,
    });
    state.argo!.status.pausedByUser = true;
    expect(takeArgoRequests(state)).toEqual([]);
    state.requests.paused = false;
    expect(takeArgoRequests(state)).toEqual(['resume']);
  });
});
