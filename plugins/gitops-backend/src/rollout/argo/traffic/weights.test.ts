import { canaryDoc, specOf } from '../spec/__testUtils__/documents';
import { maxWeightOf, stableWeightFor } from './weights';

const nginx = (routing = {}) =>
  specOf(
    canaryDoc({
      canaryService: 'web-canary',
      stableService: 'web-stable',
      trafficRouting: { nginx: { stableIngress: 'web' }, ...routing },
    }),
  );

describe('stableWeightFor', () => {
  it('gives the stable the rest of maxTrafficWeight', () => {
    expect(stableWeightFor({ spec: nginx() }, 30)).toBe(70);
    const thousand = { spec: nginx({ maxTrafficWeight: 1000 }) };
    expect(maxWeightOf(thousand)).toBe(1000);
    expect(stableWeightFor(thousand, 300)).toBe(700);
  });

  it('refuses weights no router can express', () => {
    for (const weight of [-1, 101, 0.5, NaN]) {
      expect(() => stableWeightFor({ spec: nginx() }, weight)).toThrow(
        'canary weight must be a whole number from 0 to 100 (maxTrafficWeight)',
      );
    }
  });
});
