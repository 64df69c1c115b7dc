import { canarySpec, steppedSpec } from '../__testUtils__/rolloutSpecs';
import { promotionShift } from './promotion';

describe('promotionShift', () => {
  const current = { primary: 70, canary: 30 };

  it('moves a weighted canary back by stepWeightPromotion, capped at 100', () => {
    const spec = canarySpec({ stepWeightPromotion: 20 });
    expect(promotionShift(spec, current)).toEqual({
      kind: 'step',
      primary: 90,
    });
    expect(promotionShift(spec, { primary: 90, canary: 10 })).toEqual({
      kind: 'step',
      primary: 100,
    });
  });

  it('moves everything at once without a step, on kubernetes, and for every other strategy', () => {
    expect(promotionShift(canarySpec(), current)).toEqual({ kind: 'all' });
    expect(
      promotionShift(
        canarySpec({ stepWeightPromotion: 20 }, { provider: 'kubernetes' }),
        current,
      ),
    ).toEqual({ kind: 'all' });
    expect(
      promotionShift(
        steppedSpec([{ setWeight: 30 }], { stepWeightPromotion: 20 }),
        current,
      ),
    ).toEqual({ kind: 'all' });
    expect(
      promotionShift(
        canarySpec({ iterations: 2, stepWeightPromotion: 20 }),
        current,
      ),
    ).toEqual({ kind: 'all' });
  });
});
