import { parseRolloutDocument } from './parse';
import type { RolloutSpec } from './types';
import {
  canaryWeightSchedule,
  effectiveSteps,
  minimumAnalysisMs,
  nextStepWeight,
} from './weights';

const linear = (stepWeight: number, maxWeight: number) => ({
  stepWeight,
  maxWeight,
  stepWeights: [],
});

describe('nextStepWeight', () => {
  it('returns stepWeight for linear canaries', () => {
    expect(nextStepWeight(linear(10, 50), 30)).toBe(10);
  });

  it('walks stepWeights, capped by what is left to 100', () => {
    const stepped = {
      stepWeight: 0,
      stepWeights: [1, 2, 10, 80],
      maxWeight: 80,
    };
    expect(nextStepWeight(stepped, 0)).toBe(1);
    expect(nextStepWeight(stepped, 1)).toBe(1);
    expect(nextStepWeight(stepped, 2)).toBe(8);
    expect(nextStepWeight(stepped, 10)).toBe(70);
    expect(nextStepWeight(stepped, 80)).toBe(20);
    expect(nextStepWeight(stepped, 5)).toBe(95);
    expect(nextStepWeight(stepped, 100)).toBe(1);
  });
});

describe('canaryWeightSchedule', () => {
  it('follows the golden trace: 10 by 10 up to 50', () => {
    expect(canaryWeightSchedule(linear(10, 50))).toEqual([10, 20, 30, 40, 50]);
  });

  it('overshoots maxWeight like Flagger', () => {
    expect(canaryWeightSchedule(linear(20, 50))).toEqual([20, 40, 60]);
  });

  it('never exceeds 100', () => {
    expect(canaryWeightSchedule(linear(30, 100))).toEqual([30, 60, 90, 100]);
    expect(canaryWeightSchedule(linear(100, 100))).toEqual([100]);
  });

  it('walks stepWeights', () => {
    expect(
      canaryWeightSchedule({
        stepWeight: 0,
        stepWeights: [1, 2, 10, 80],
        maxWeight: 80,
      }),
    ).toEqual([1, 2, 10, 80]);
  });

  it('stops instead of looping when there is no step', () => {
    expect(canaryWeightSchedule(linear(0, 100))).toEqual([]);
  });
});

function spec(
  analysis: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): RolloutSpec {
  return parseRolloutDocument({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'web' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 1, ...analysis },
      ...extra,
    },
  }).spec!;
}

describe('effectiveSteps and minimumAnalysisMs', () => {
  it('compiles a canary into setWeight steps and times it', () => {
    const canary = spec({ interval: '1m', stepWeight: 2, maxWeight: 50 });
    expect(effectiveSteps(canary)).toHaveLength(25);
    expect(effectiveSteps(canary)[0]).toEqual({ kind: 'setWeight', weight: 2 });
    // 1m × 50/2 = 25 min: one interval per step
    expect(minimumAnalysisMs(canary)).toBe(25 * 60_000);
  });

  it('uses iterations for blue/green and nothing for steps', () => {
    const blueGreen = spec({ interval: '30s', iterations: 4 });
    expect(effectiveSteps(blueGreen)).toEqual([]);
    expect(minimumAnalysisMs(blueGreen)).toBe(120_000);
  });

  it('returns explicit Rollout steps as they are', () => {
    const rollout = parseRolloutDocument({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web' },
      spec: {
        targetRef: { kind: 'Deployment', name: 'web' },
        service: { port: 80 },
        steps: [{ setWeight: 25 }, { pause: {} }],
      },
    }).spec!;
    expect(effectiveSteps(rollout)).toEqual([
      { kind: 'setWeight', weight: 25 },
      { kind: 'pause' },
    ]);
  });
});
