import { RolloutStatus, RolloutSummary } from '@slipway/plugin-gitops-common';
import { progressingRollout, progressingStatus } from '../../testing/fixtures';
import {
  argoDegradedRollout,
  argoHealthyRollout,
  argoPausedRollout,
  argoPausedStatus,
} from '../ArgoRollout/__testUtils__/argoFixtures';
import { progressSteps } from './progressSteps';

const at = (
  status: Partial<RolloutStatus>,
  analysis: Partial<RolloutSummary['analysis']> = {},
) =>
  progressSteps({
    ...progressingRollout,
    analysis: { ...progressingRollout.analysis!, ...analysis },
    status: { ...progressingStatus, ...status },
  });

describe('progressSteps', () => {
  it('follows the live canary weight through the planned weights', () => {
    expect(at({ canaryWeight: 20 })).toEqual({
      unit: 'weight',
      labels: ['10%', '20%', '30%', '40%', '50%', 'Promote'],
      active: 1,
    });
    expect(at({ canaryWeight: 0 })?.active).toBe(-1);
  });

  it('keeps an overshooting last weight on the last step (maxWeight 50, stepWeight 20 → 60)', () => {
    expect(
      at(
        { canaryWeight: 60 },
        { weights: [20, 40, 60], maxWeight: 50, stepWeight: 20 },
      )?.active,
    ).toBe(2);
  });

  it('is at the promotion while promoting and past every step once succeeded', () => {
    expect(at({ phase: 'Promoting', canaryWeight: 50 })?.active).toBe(5);
    expect(at({ phase: 'Finalising', canaryWeight: 0 })?.active).toBe(5);
    expect(at({ phase: 'Succeeded', canaryWeight: 0 })?.active).toBe(6);
  });

  it('counts passed iterations for blue/green and A/B', () => {
    expect(
      at({ canaryWeight: 100, iterations: 1 }, { weights: [], iterations: 4 }),
    ).toEqual({
      unit: 'iteration',
      labels: [
        'Iteration 1',
        'Iteration 2',
        'Iteration 3',
        'Iteration 4',
        'Promote',
      ],
      active: 1,
    });
  });

  it('draws nothing without a plan', () => {
    expect(
      progressSteps({
        name: 'payments-api',
        kind: '',
        errors: ['no document'],
        warnings: [],
      }),
    ).toBeUndefined();
  });

  it('draws nothing for a summary without analysis or steps', () => {
    expect(
      progressSteps({ ...progressingRollout, analysis: undefined }),
    ).toBeUndefined();
  });

  describe('an Argo Rollout', () => {
    it("draws its steps at Argo's current step", () => {
      expect(progressSteps(argoPausedRollout)).toEqual({
        unit: 'step',
        labels: [
          '20%',
          'Pause',
          '40%',
          'Pause 10s',
          '60%',
          'Pause 10s',
          '80%',
          'Pause 10s',
        ],
        active: 1,
      });
    });

    it('labels analysis, scale and header-route steps', () => {
      expect(
        progressSteps({
          ...argoPausedRollout,
          steps: [
            'analysis success-rate, latency',
            'setCanaryScale {"replicas":2}',
            'setHeaderRoute canary-header',
          ],
          status: {
            ...argoPausedStatus,
            argo: { ...argoPausedStatus.argo!, currentStepIndex: 2 },
          },
        }),
      ).toEqual({
        unit: 'step',
        labels: [
          'Analysis success-rate, latency',
          'Canary scale',
          'Header route canary-header',
        ],
        active: 2,
      });
    });

    it('marks every step done once past the last, and none once aborted', () => {
      expect(progressSteps(argoHealthyRollout)?.active).toBe(8);
      expect(progressSteps(argoDegradedRollout)?.active).toBe(-1);
      expect(
        progressSteps({ ...argoPausedRollout, status: undefined })?.active,
      ).toBe(-1);
    });

    it('draws nothing for a blue/green Rollout, which has no steps', () => {
      expect(
        progressSteps({
          ...argoPausedRollout,
          strategy: 'blueGreen',
          steps: [],
        }),
      ).toBeUndefined();
    });
  });
});
