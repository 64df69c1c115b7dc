import { RolloutStatus, RolloutSummary } from '@internal/plugin-gitops-common';
import { progressingRollout, progressingStatus } from '../../testing/fixtures';
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
});
