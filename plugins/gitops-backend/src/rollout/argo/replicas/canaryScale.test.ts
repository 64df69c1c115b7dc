import {
  canaryScale,
  currentCanaryStep,
  currentSetWeight,
} from './canaryScale';
import {
  blueGreenSpec,
  canarySpec,
  oneStepCanary,
  routing,
} from './__testUtils__/specs';

/*
 * Facts from Argo Rollouts v1.8.3, `utils/replicaset/canary_test.go`:
 * `TestGetCurrentSetWeight`, `TestGetCanaryReplicasOrWeight`,
 * `TestGetCurrentCanaryStep`.
 */

describe('currentCanaryStep', () => {
  it('is the step at the index, counting a missing index as 0', () => {
    const spec = canarySpec(1, { steps: [{ setWeight: 10 }, { pause: {} }] });
    expect(currentCanaryStep(spec, {})).toEqual({
      step: { setWeight: 10 },
      index: 0,
    });
    expect(currentCanaryStep(spec, { currentStepIndex: 1 })).toEqual({
      step: { pause: {} },
      index: 1,
    });
  });

  it('has an index but no step past the last, neither without steps', () => {
    expect(
      currentCanaryStep(oneStepCanary(1, 10), { currentStepIndex: 1 }),
    ).toEqual({ step: undefined, index: 1 });
    expect(currentCanaryStep(canarySpec(1), { currentStepIndex: 0 })).toEqual(
      {},
    );
    expect(currentCanaryStep(blueGreenSpec(1), {})).toEqual({});
  });
});

describe('currentSetWeight', () => {
  const spec = oneStepCanary(10, 10);

  it('is the last setWeight at or before the current step', () => {
    expect(
      currentSetWeight(spec, { currentStepIndex: 0, aborted: false }),
    ).toBe(10);
    expect(currentSetWeight(spec, { aborted: false })).toBe(10);
    const steps = canarySpec(10, {
      steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }],
    });
    expect(
      currentSetWeight(steps, { currentStepIndex: 1, aborted: false }),
    ).toBe(20);
  });

  it('is all traffic past the last step', () => {
    expect(
      currentSetWeight(spec, { currentStepIndex: 1, aborted: false }),
    ).toBe(100);
  });

  it('is 0 before any setWeight and once aborted', () => {
    const pauseFirst = canarySpec(10, {
      steps: [{ pause: {} }, { setWeight: 50 }],
    });
    expect(
      currentSetWeight(pauseFirst, { currentStepIndex: 0, aborted: false }),
    ).toBe(0);
    expect(currentSetWeight(spec, { currentStepIndex: 0, aborted: true })).toBe(
      0,
    );
  });
});

describe('canaryScale', () => {
  const state = {
    currentStepIndex: 1,
    aborted: false,
    promoteFull: false,
    stableHash: 'stable-rs',
    currentHash: 'new-rs',
  };

  it('is all traffic when promoting fully, without a stable hash, or when the new ReplicaSet is stable', () => {
    const spec = oneStepCanary(10, 10);
    expect(canaryScale(spec, { ...state, promoteFull: true })).toEqual({
      weight: 100,
    });
    expect(canaryScale(spec, { ...state, stableHash: undefined })).toEqual({
      weight: 100,
    });
    expect(canaryScale(spec, { ...state, currentHash: 'stable-rs' })).toEqual({
      weight: 100,
    });
    // A blue-green rollout, aborted, without a stable hash ("test get current step weight").
    expect(
      canaryScale(blueGreenSpec(3), { aborted: true, promoteFull: false }),
    ).toEqual({ weight: 100 });
  });

  it('takes setCanaryScale.weight or .replicas in force with traffic routing', () => {
    const withScale = (
      setCanaryScale: { weight: number } | { replicas: number },
    ) =>
      canarySpec(10, {
        trafficRouting: routing(),
        steps: [{ setWeight: 10 }, { setCanaryScale }],
      });
    expect(canaryScale(withScale({ weight: 20 }), state)).toEqual({
      weight: 20,
    });
    expect(canaryScale(withScale({ replicas: 5 }), state)).toEqual({
      replicas: 5,
    });
  });

  it('keeps an earlier setCanaryScale in force until one matches the traffic weight', () => {
    const spec = canarySpec(10, {
      trafficRouting: routing(),
      steps: [
        { setCanaryScale: { replicas: 3 } },
        { setWeight: 10 },
        { setCanaryScale: { matchTrafficWeight: true } },
        { setWeight: 40 },
      ],
    });
    expect(canaryScale(spec, { ...state, currentStepIndex: 1 })).toEqual({
      replicas: 3,
    });
    expect(canaryScale(spec, { ...state, currentStepIndex: 3 })).toEqual({
      weight: 40,
    });
  });
});
