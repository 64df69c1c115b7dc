import { canarySpec, steppedSpec } from '../../__testUtils__/rolloutSpecs';
import { runState } from '../../__testUtils__/runState';
import { strategyOf } from '.';

describe('canary strategy', () => {
  const spec = canarySpec({ stepWeight: 20, maxWeight: 50 });
  const next = (fields: Parameters<typeof runState>[0]) =>
    strategyOf(spec).next(runState(fields), spec);

  it('walks the compiled weights, each rise through confirm-traffic-increase, then promotes through confirm-promotion', () => {
    expect(next({ stepIndex: 0 })).toEqual({
      kind: 'setWeight',
      weight: 20,
      confirm: true,
    });
    expect(next({ stepIndex: 1, canaryWeight: 20 })).toEqual({
      kind: 'setWeight',
      weight: 40,
      confirm: true,
    });
    // Weights may overshoot maxWeight, as Flagger's do.
    expect(next({ stepIndex: 2, canaryWeight: 40 })).toMatchObject({
      weight: 60,
    });
    expect(next({ stepIndex: 3, canaryWeight: 60 })).toEqual({
      kind: 'promote',
      confirm: true,
    });
    expect(strategyOf(spec).stepwisePromotion).toBe(true);
  });

  it('mirrors once at weight 0 when asked, and the first rise after it needs no approval', () => {
    const mirrorSpec = canarySpec({ mirror: true });
    const strategy = strategyOf(mirrorSpec);
    expect(strategy.next(runState(), mirrorSpec)).toEqual({
      kind: 'mirror',
      step: 0,
      steps: 3,
    });
    expect(strategy.next(runState({ mirrored: true }), mirrorSpec)).toEqual({
      kind: 'setWeight',
      weight: 10,
      confirm: false,
    });
  });
});

describe('steps strategy', () => {
  const spec = steppedSpec([
    { setWeight: 50 },
    { setWeight: 20 },
    { pause: { duration: '1m' } },
    { pause: {} },
    { setCanaryScale: { replicas: 2 } },
    { analysis: { templates: [{ templateName: 'a' }, { templateName: 'b' }] } },
  ]);
  const strategy = strategyOf(spec);
  const at = (stepIndex: number, canaryWeight = 0) =>
    strategy.next(runState({ stepIndex, canaryWeight }), spec);

  it('turns each step into its move; a lower weight needs no approval', () => {
    expect(at(0)).toEqual({ kind: 'setWeight', weight: 50, confirm: true });
    expect(at(1, 50)).toEqual({
      kind: 'setWeight',
      weight: 20,
      confirm: false,
    });
    expect(at(2, 20)).toEqual({ kind: 'pause', durationMs: 60_000 });
    expect(at(3, 20)).toEqual({ kind: 'pause', durationMs: undefined });
    expect(at(4, 20)).toEqual({ kind: 'skipCanaryScale' });
    expect(at(5, 20)).toEqual({ kind: 'stepAnalysis', templates: ['a', 'b'] });
    expect(at(6, 20)).toEqual({ kind: 'promote', confirm: true });
  });

  it('neither mirrors first nor hands traffic back stepwise', () => {
    const mirrored = steppedSpec([{ setWeight: 10 }], { mirror: true });
    expect(strategyOf(mirrored).next(runState(), mirrored).kind).toBe(
      'setWeight',
    );
    expect(strategy.stepwisePromotion).toBe(false);
  });
});
