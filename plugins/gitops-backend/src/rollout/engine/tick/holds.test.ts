import { runState } from '../__testUtils__/runState';
import { checkHolds } from './holds';

const NOW = new Date('2030-01-01T01:00:00.000Z');
const EARLIER = '2030-01-01T00:00:00.000Z';
const ID = 'podinfo.test';

describe('checkHolds', () => {
  it('lets a run without a hold go on, unchanged', () => {
    const state = runState();
    expect(checkHolds(state, NOW, ID)).toEqual({ next: state, held: false });
  });

  it('enters a manual pause once, then holds silently', () => {
    const entered = checkHolds(
      runState({ requests: { paused: true } }),
      NOW,
      ID,
    );
    expect(entered).toMatchObject({
      held: true,
      event: `Paused ${ID} by request`,
      next: {
        phase: 'Waiting',
        pause: { reason: 'manual pause', startedAt: NOW.toISOString() },
        lastTransitionAt: NOW.toISOString(),
      },
    });
    const again = checkHolds(entered.next, NOW, ID);
    expect(again).toEqual({ next: entered.next, held: true });
  });

  it('resumes a manual pause once the request is withdrawn', () => {
    const state = runState({
      phase: 'Waiting',
      pause: { reason: 'manual pause', startedAt: EARLIER },
    });
    expect(checkHolds(state, NOW, ID)).toMatchObject({
      held: false,
      event: `Resumed ${ID} by request`,
      next: { phase: 'Progressing', pause: undefined },
    });
  });

  it('holds a pause step until it is due, then moves to the next step', () => {
    const pause = {
      reason: 'pause step',
      startedAt: EARLIER,
      until: NOW.toISOString(),
    };
    const state = runState({ phase: 'Waiting', stepIndex: 1, pause });
    const early = new Date(NOW.getTime() - 1);
    expect(checkHolds(state, early, ID)).toMatchObject({ held: true });
    expect(checkHolds(state, NOW, ID)).toMatchObject({
      held: false,
      event: `Resumed ${ID} after pause step`,
      next: { phase: 'Progressing', pause: undefined, stepIndex: 2 },
    });
  });

  it('lets one promote past an open-ended hold, consuming it', () => {
    const state = runState({
      phase: 'Waiting',
      pause: { reason: 'inconclusive analysis', startedAt: EARLIER },
    });
    expect(checkHolds(state, NOW, ID)).toMatchObject({ held: true });
    const promoted = checkHolds(
      { ...state, requests: { promote: true } },
      NOW,
      ID,
    );
    expect(promoted).toMatchObject({
      held: false,
      event: `Resumed ${ID} after inconclusive analysis by promote`,
      next: {
        phase: 'Progressing',
        stepIndex: 0,
        requests: { promote: false },
      },
    });
  });

  it('never changes the state it is given', () => {
    const state = runState({ requests: { paused: true } });
    const copy = structuredClone(state);
    checkHolds(state, NOW, ID);
    expect(state).toEqual(copy);
  });
});
