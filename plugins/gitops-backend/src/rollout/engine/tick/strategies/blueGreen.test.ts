import { canarySpec } from '../../__testUtils__/rolloutSpecs';
import { runState } from '../../__testUtils__/runState';
import { strategyOf } from '.';

describe('blue/green strategy', () => {
  const spec = canarySpec({ iterations: 2 }, { provider: 'kubernetes' });
  const strategy = strategyOf(spec);
  const at = (iterations: number, mirrored = false) =>
    strategy.next(runState({ iterations, mirrored }), spec);

  it('counts iterations, switches all traffic at the end, then promotes without asking again', () => {
    expect(at(0)).toEqual({ kind: 'iterate', total: 2, startMirroring: false });
    expect(at(1)).toEqual({ kind: 'iterate', total: 2, startMirroring: false });
    expect(at(2)).toEqual({ kind: 'switchToCanary' });
    expect(at(3)).toEqual({ kind: 'promote', confirm: false });
    expect(strategy.stepwisePromotion).toBe(false);
  });

  it('turns mirroring on with the first iteration of a mirroring rollout', () => {
    const mirroring = canarySpec({ iterations: 2, mirror: true });
    const next = (iterations: number, mirrored: boolean) =>
      strategyOf(mirroring).next(runState({ iterations, mirrored }), mirroring);
    expect(next(0, false)).toMatchObject({ startMirroring: true });
    expect(next(0, true)).toMatchObject({ startMirroring: false });
    expect(next(1, true)).toMatchObject({ startMirroring: false });
  });
});
