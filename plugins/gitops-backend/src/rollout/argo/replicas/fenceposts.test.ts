import {
  intOrPercentValue,
  maxSurge,
  maxTrafficWeight,
  maxUnavailable,
  resolveFenceposts,
} from './fenceposts';
import { blueGreenSpec, canarySpec, routing } from './__testUtils__/specs';

/*
 * Facts from Argo Rollouts v1.8.3: `resolveFenceposts`, `MaxSurge`,
 * `MaxUnavailable` (`utils/replicaset/replicaset.go`) and the field
 * descriptions in `docs/features/specification.md` (surge rounds up,
 * unavailable rounds down).
 */

describe('fenceposts', () => {
  it('resolves counts as is and percentages of the replicas', () => {
    expect(intOrPercentValue(3, 10, true)).toBe(3);
    expect(intOrPercentValue('25%', 10, true)).toBe(3);
    expect(intOrPercentValue('25%', 10, false)).toBe(2);
    expect(intOrPercentValue('20%', 10, false)).toBe(2);
  });

  it('rounds surge up and unavailable down, never both 0', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({
      surge: 3,
      unavailable: 2,
    });
    expect(resolveFenceposts('25%', '25%', 5)).toEqual({
      surge: 2,
      unavailable: 1,
    });
    expect(resolveFenceposts('1%', '1%', 2)).toEqual({
      surge: 1,
      unavailable: 0,
    });
    expect(resolveFenceposts('0%', '0%', 10)).toEqual({
      surge: 0,
      unavailable: 1,
    });
    expect(resolveFenceposts(0, '10%', 5)).toEqual({
      surge: 0,
      unavailable: 1,
    });
  });

  it('gives a canary both and blue-green only maxUnavailable, capped at the replicas', () => {
    expect(maxSurge(canarySpec(10))).toBe(3);
    expect(maxUnavailable(canarySpec(10))).toBe(2);
    expect(
      maxUnavailable(canarySpec(3, { maxSurge: 0, maxUnavailable: 5 })),
    ).toBe(3);
    expect(maxUnavailable(canarySpec(0))).toBe(0);
    expect(maxSurge(blueGreenSpec(10))).toBe(0);
    expect(maxUnavailable(blueGreenSpec(10))).toBe(2);
    // Blue-green does not resolve fenceposts: 0 stays 0.
    expect(maxUnavailable(blueGreenSpec(10, { maxUnavailable: 0 }))).toBe(0);
  });

  it('reads maxTrafficWeight from traffic routing, else 100', () => {
    expect(maxTrafficWeight(canarySpec(1))).toBe(100);
    expect(
      maxTrafficWeight(
        canarySpec(1, { trafficRouting: routing({ maxTrafficWeight: 1000 }) }),
      ),
    ).toBe(1000);
    expect(maxTrafficWeight(blueGreenSpec(1))).toBe(100);
  });
});
