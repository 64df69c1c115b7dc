import { ConflictError } from '@backstage/errors';
import type { RolloutAction } from '@slipway/plugin-gitops-common';
import { runState } from './__testUtils__/runState';
import { applyRequest } from './requests';
import type { RolloutState } from './types';

const apply = (state: RolloutState, action: RolloutAction) => {
  applyRequest(state, action);
  return state.requests;
};

describe('applyRequest', () => {
  it('records each control on a run in analysis', () => {
    expect(apply(runState(), 'promote')).toEqual({ promote: true });
    expect(apply(runState(), 'promote-full')).toEqual({ promoteFull: true });
    expect(apply(runState(), 'abort')).toEqual({ abort: true });
    expect(apply(runState(), 'pause')).toEqual({ paused: true });
    expect(apply(runState({ requests: { paused: true } }), 'resume')).toEqual({
      paused: false,
    });
    expect(apply(runState({ phase: 'Failed' }), 'retry')).toEqual({
      retry: true,
    });
  });

  it('lets promote-full through the start gate too', () => {
    const atGate = runState({
      phase: 'Waiting',
      pause: { reason: 'approval', startedAt: 'x' },
    });
    expect(apply(atGate, 'promote-full')).toEqual({
      promote: true,
      promoteFull: true,
    });
  });

  it.each<[Partial<RolloutState>, RolloutAction, string]>([
    [
      { phase: 'Initialized' },
      'abort',
      'it is Initialized, with no run to abort',
    ],
    [{ phase: '' }, 'promote', 'it is Initializing, with no run to promote'],
    [{ phase: 'Promoting' }, 'promote', 'its promotion is already under way'],
    [{ phase: 'Finalising' }, 'abort', 'its promotion is already under way'],
    [
      { phase: 'Succeeded' },
      'retry',
      'only a Failed rollout can be retried; it is Succeeded',
    ],
    [
      { phase: 'Promoting' },
      'pause',
      'it is Promoting; only a run in analysis can be paused',
    ],
    [{ requests: { paused: true } }, 'pause', 'it is already paused'],
    [{}, 'resume', 'it is not paused'],
  ])('refuses %j %s: %s', (fields, action, why) => {
    const state = runState(fields);
    expect(() => applyRequest(state, action)).toThrow(
      new ConflictError(`Cannot ${action} rollout podinfo: ${why}`),
    );
  });
});
