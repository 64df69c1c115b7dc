import { runState } from '../__testUtils__/runState';
import { freshRun, revisionChanged } from './revisions';

describe('revisionChanged', () => {
  const state = runState({
    lastAppliedSpec: 'h1',
    lastPromotedSpec: 'h0',
    trackedConfigs: { 'configmap/a': '1', 'secret/b': '2' },
  });
  const configs = { 'secret/b': '2', 'configmap/a': '1' };

  it('is a new template hash, not the one analysed nor the one promoted', () => {
    expect(
      revisionChanged(state, { hash: 'h2', trackedConfigs: configs }),
    ).toBe(true);
    expect(
      revisionChanged(state, { hash: 'h1', trackedConfigs: configs }),
    ).toBe(false);
    expect(
      revisionChanged(state, { hash: 'h0', trackedConfigs: configs }),
    ).toBe(false);
  });

  it('is any change of a tracked ConfigMap or Secret, in any key order', () => {
    const changed = { ...configs, 'secret/b': '3' };
    expect(
      revisionChanged(state, { hash: 'h1', trackedConfigs: changed }),
    ).toBe(true);
    const added = { ...configs, 'configmap/c': '4' };
    expect(revisionChanged(state, { hash: 'h1', trackedConfigs: added })).toBe(
      true,
    );
  });
});

describe('freshRun', () => {
  it('clears the counters, holds and requests of the run before', () => {
    const old = runState({
      canaryWeight: 30,
      failedChecks: 1,
      iterations: 2,
      stepIndex: 3,
      mirrored: true,
      pause: { reason: 'pause step', startedAt: 'x' },
      waitingSince: 'y',
      requests: { promote: true },
    });
    expect({ ...old, ...freshRun() }).toEqual({
      ...runState(),
      preRolloutDone: false,
      pause: undefined,
      waitingSince: undefined,
    });
  });
});
