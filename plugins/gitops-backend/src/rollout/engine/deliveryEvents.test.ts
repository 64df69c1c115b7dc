import { initialState } from './initialState';
import {
  tickChangedView,
  tickDeliveryEvents,
  tickStart,
  waitingFor,
} from './deliveryEvents';
import type { RolloutState, TickWrites } from './types';

const rollout = { appKey: 'component:default/shop@dev', rollout: 'podinfo' };
const noWrites = (): TickWrites => ({
  runs: [],
  finishedRuns: [],
  events: [],
  checks: [],
});
const state = (fields: Partial<RolloutState>): RolloutState => ({
  ...initialState(rollout.appKey, rollout.rollout, new Date(0)),
  ...fields,
});
const at = '2026-01-01T00:00:00.000Z';

describe('waitingFor', () => {
  it('is a closed promotion gate, an untimed pause step or the start gate', () => {
    expect(waitingFor(state({ phase: 'WaitingPromotion', runId: 3 }))).toEqual({
      reason: 'promotion approval',
      key: expect.any(String),
    });
    expect(
      waitingFor(
        state({
          phase: 'Waiting',
          pause: { reason: 'pause step', startedAt: at },
        }),
      )?.reason,
    ).toBe('pause step');
    expect(
      waitingFor(
        state({
          phase: 'Waiting',
          pause: { reason: 'approval', startedAt: at },
        }),
      )?.reason,
    ).toBe('approval');
    // Argo's Paused on an untimed pause, as mirrored.
    expect(
      waitingFor(
        state({
          phase: 'WaitingPromotion',
          pause: { reason: 'pause step', startedAt: at },
        }),
      )?.reason,
    ).toBe('pause step');
  });

  it('is not a timed pause, a manual pause or a moving rollout', () => {
    const timed = { reason: 'pause step', startedAt: at, until: at };
    expect(
      waitingFor(state({ phase: 'Waiting', pause: timed })),
    ).toBeUndefined();
    expect(
      waitingFor(state({ phase: 'WaitingPromotion', pause: timed })),
    ).toBeUndefined();
    expect(
      waitingFor(
        state({
          phase: 'Waiting',
          pause: { reason: 'manual pause', startedAt: at },
        }),
      ),
    ).toBeUndefined();
    expect(waitingFor(state({ phase: 'Progressing' }))).toBeUndefined();
  });
});

describe('tickDeliveryEvents', () => {
  it('tells of a wait when it begins, not on the ticks that find it still waiting', () => {
    const before = state({ phase: 'Progressing', runId: 3, stepIndex: 2 });
    const after = state({ phase: 'WaitingPromotion', runId: 3, stepIndex: 2 });
    const events = tickDeliveryEvents(
      rollout,
      tickStart(before),
      after,
      noWrites(),
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'rolloutWaiting',
        runId: 3,
        stepIndex: 2,
        reason: 'promotion approval',
      }),
    ]);
    expect(
      tickDeliveryEvents(rollout, tickStart(after), after, noWrites()),
    ).toEqual([]);
  });

  it('tells of runs that failed or succeeded, with the real id of a run opened and ended in the tick', () => {
    const writes = noWrites();
    writes.finishedRuns.push(
      { id: 4, result: 'Superseded', message: 'replaced' },
      { id: 5, result: 'Aborted', message: 'by request' },
      { id: 6, result: 'Failed', message: 'Canary failed' },
      { id: -1, result: 'Succeeded', message: 'Canary analysis was skipped' },
    );
    const after = state({ phase: 'Succeeded', lastAppliedSpec: 'h2' });
    expect(
      tickDeliveryEvents(
        rollout,
        tickStart(state({ phase: 'Progressing' })),
        after,
        writes,
        new Map([[-1, 7]]),
      ),
    ).toEqual([
      expect.objectContaining({ kind: 'rolloutFailed', runId: 6 }),
      expect.objectContaining({
        kind: 'rolloutSucceeded',
        runId: 7,
        revision: 'h2',
      }),
    ]);
  });
});

describe('tickChangedView', () => {
  it('is false for a tick that only moved the clock', () => {
    const before = state({ phase: 'Succeeded' });
    const after = { ...before, lastTickAt: at, nextTickAt: at, updatedAt: at };
    expect(tickChangedView(tickStart(before), after, noWrites())).toBe(false);
    expect(
      tickChangedView(
        tickStart(before),
        { ...after, canaryWeight: 10 },
        noWrites(),
      ),
    ).toBe(true);
  });
});
