import { canarySpec } from '../../__testUtils__/rolloutSpecs';
import { runState } from '../../__testUtils__/runState';
import { strategyOf } from '.';

describe('A/B testing strategy', () => {
  const spec = canarySpec({
    iterations: 2,
    match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
  });
  const strategy = strategyOf(spec);

  it('routes the matching requests to the canary on every iteration, then promotes through the gate', () => {
    const iterate = {
      kind: 'iterate',
      total: 2,
      route: { primary: 0, canary: 100 },
      startMirroring: false,
    };
    expect(strategy.next(runState({ iterations: 0 }), spec)).toEqual(iterate);
    expect(
      strategy.next(runState({ iterations: 1, canaryWeight: 100 }), spec),
    ).toEqual(iterate);
    expect(
      strategy.next(runState({ iterations: 2, canaryWeight: 100 }), spec),
    ).toEqual({ kind: 'promote', confirm: true });
    expect(strategy.stepwisePromotion).toBe(false);
  });
});
