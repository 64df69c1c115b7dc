import type { IntOrPercent } from '../spec';
import { approximateWeightedCounts, basicCanaryReplicas } from './basicCanary';
import { canaryScale, scaleWeight } from './canaryScale';
import { canarySpec, oneStepCanary, rs } from './__testUtils__/specs';

/*
 * Facts from Argo Rollouts v1.8.3: the cases of
 * `TestCalculateReplicaCountsForCanary` and
 * `TestApproximateWeightedNewStableReplicaCounts`
 * (`utils/replicaset/canary_test.go`), and the example in
 * `docs/features/canary/index.md`.
 */

/** Counts for a canary at its only step, stable hash "stable", canary hash "canary", as Argo's test helper sets up. */
function counts(row: {
  replicas: number;
  weight: number;
  surge: IntOrPercent;
  unavailable: IntOrPercent;
  stable: [number, number];
  canary: [number, number];
  older?: [number, number];
  promoteFull?: boolean;
}) {
  const spec = oneStepCanary(row.replicas, row.weight, {
    maxSurge: row.surge,
    maxUnavailable: row.unavailable,
  });
  const weight = scaleWeight(
    canaryScale(spec, {
      currentStepIndex: 0,
      aborted: false,
      promoteFull: row.promoteFull ?? false,
      stableHash: 'stable',
      currentHash: 'canary',
    }),
  );
  return basicCanaryReplicas(spec, weight, {
    stable: rs(...row.stable),
    canary: rs(...row.canary),
    others: row.older ? [rs(...row.older)] : [],
  });
}

describe('basicCanaryReplicas (Argo TestCalculateReplicaCountsForCanary)', () => {
  it.each([
    // name, replicas, weight, maxSurge, maxUnavailable, stable [spec, available], canary [spec, available], expected stable, expected canary
    [
      'no extra scale-down when spec < available',
      10,
      100,
      3,
      0,
      [7, 8],
      [6, 3],
      7,
      6,
    ],
    [
      'max surge count scales the canary up',
      10,
      20,
      2,
      0,
      [10, 10],
      [0, 0],
      10,
      2,
    ],
    [
      'max surge percentage scales the canary up',
      10,
      20,
      '20%',
      0,
      [10, 10],
      [0, 0],
      10,
      2,
    ],
    [
      'extra stable replicas scale down',
      10,
      20,
      '20%',
      0,
      [10, 10],
      [2, 2],
      8,
      2,
    ],
    ['never past max surge', 10, 30, 2, 0, [10, 10], [0, 0], 10, 2],
    [
      'max unavailable count scales the stable down',
      10,
      20,
      0,
      2,
      [10, 10],
      [0, 0],
      8,
      0,
    ],
    [
      'max unavailable percentage scales the stable down',
      10,
      20,
      0,
      '20%',
      [10, 10],
      [0, 0],
      8,
      0,
    ],
    ['never past max unavailable', 10, 30, 0, 2, [10, 10], [0, 0], 8, 0],
    [
      'max surge and max unavailable together',
      10,
      50,
      2,
      1,
      [10, 10],
      [0, 0],
      9,
      2,
    ],
    [
      'weight 0 scales the canary to zero',
      10,
      0,
      1,
      1,
      [10, 10],
      [1, 1],
      10,
      0,
    ],
    [
      'weight 100 scales the stable to zero',
      10,
      100,
      1,
      1,
      [1, 1],
      [10, 10],
      0,
      10,
    ],
    [
      'a non-zero weight never leaves the canary at zero',
      1,
      20,
      1,
      0,
      [1, 1],
      [0, 0],
      1,
      1,
    ],
    [
      'a weight below 100 never scales the canary away',
      1,
      90,
      1,
      0,
      [1, 1],
      [0, 0],
      1,
      1,
    ],
    [
      'below 50 without surge: no canary pod',
      1,
      49,
      0,
      1,
      [1, 1],
      [0, 0],
      1,
      0,
    ],
    [
      '50 or more without surge: the stable pod goes',
      1,
      51,
      0,
      1,
      [1, 1],
      [0, 0],
      0,
      0,
    ],
    [
      '50 or more without surge, stable gone: one canary pod',
      1,
      51,
      0,
      1,
      [0, 0],
      [0, 0],
      0,
      1,
    ],
    [
      'scale down the canary and the stable',
      10,
      30,
      0,
      3,
      [8, 5],
      [4, 4],
      7,
      3,
    ],
    [
      'scale down stable and canary by availability',
      10,
      100,
      1,
      0,
      [10, 2],
      [10, 8],
      2,
      9,
    ],
    [
      'uneven weight never rounds past max surge',
      10,
      5,
      0,
      1,
      [10, 10],
      [0, 0],
      9,
      0,
    ],
    ['uneven weight, part 2', 10, 5, 0, 1, [9, 9], [0, 0], 9, 1],
    [
      '0% and 0% resolve to max unavailable 1',
      10,
      10,
      '0%',
      '0%',
      [10, 10],
      [0, 0],
      9,
      0,
    ],
    [
      'max surge honoured while the stable is unavailable',
      4,
      100,
      1,
      0,
      [4, 1],
      [0, 0],
      4,
      1,
    ],
    [
      'down to max unavailable without exceeding max surge',
      3,
      99,
      0,
      2,
      [3, 3],
      [0, 0],
      1,
      0,
    ],
    [
      'down to max unavailable without exceeding max surge, part 2',
      3,
      99,
      0,
      2,
      [1, 1],
      [0, 0],
      1,
      2,
    ],
    [
      'max unavailable honoured while the stable is unavailable',
      4,
      100,
      1,
      0,
      [4, 1],
      [1, 1],
      3,
      1,
    ],
    [
      'reducing weight: surge the stable before the canary shrinks',
      4,
      0,
      1,
      0,
      [0, 0],
      [4, 4],
      1,
      4,
    ],
    [
      'reducing weight: nothing moves while the stable is unavailable',
      4,
      0,
      1,
      0,
      [1, 0],
      [4, 4],
      1,
      4,
    ],
    [
      'reducing weight: the canary shrinks by max unavailable',
      4,
      0,
      1,
      0,
      [1, 1],
      [4, 4],
      1,
      3,
    ],
  ] as const)(
    '%s',
    (
      _name,
      replicas,
      weight,
      surge,
      unavailable,
      stable,
      canary,
      expStable,
      expCanary,
    ) => {
      expect(
        counts({
          replicas,
          weight,
          surge,
          unavailable,
          stable: [...stable],
          canary: [...canary],
        }),
      ).toEqual({ stable: expStable, canary: expCanary });
    },
  );

  it('scales the stable up before the canary while older ReplicaSets still run', () => {
    expect(
      counts({
        replicas: 10,
        weight: 30,
        surge: 1,
        unavailable: 0,
        stable: [1, 1],
        canary: [0, 0],
        older: [3, 3],
      }),
    ).toEqual({ stable: 7, canary: 1 });
  });

  it('scales neither down while older ReplicaSets have pods', () => {
    expect(
      counts({
        replicas: 10,
        weight: 30,
        surge: 0,
        unavailable: 1,
        stable: [8, 6],
        canary: [4, 2],
        older: [3, 3],
      }),
    ).toEqual({ stable: 8, canary: 4 });
  });

  it('ignores the weight when promoting fully', () => {
    expect(
      counts({
        replicas: 4,
        weight: 1,
        surge: 4,
        unavailable: 4,
        stable: [4, 4],
        canary: [0, 0],
        promoteFull: true,
      }),
    ).toEqual({ stable: 0, canary: 4 });
  });

  it('still honours max surge and max unavailable when promoting fully', () => {
    expect(
      counts({
        replicas: 4,
        weight: 1,
        surge: 3,
        unavailable: 0,
        stable: [4, 4],
        canary: [0, 0],
        promoteFull: true,
      }),
    ).toEqual({ stable: 4, canary: 3 });
  });

  it('ignores setCanaryScale without traffic routing', () => {
    const spec = oneStepCanary(
      10,
      20,
      { maxSurge: '20%', maxUnavailable: 0 },
      { setCanaryScale: { replicas: 9 } },
    );
    const scale = canaryScale(spec, {
      currentStepIndex: 0,
      aborted: false,
      promoteFull: false,
      stableHash: 'stable',
      currentHash: 'canary',
    });
    expect(scale).toEqual({ weight: 20 });
    expect(
      basicCanaryReplicas(spec, scaleWeight(scale), {
        stable: rs(10),
        canary: rs(0),
      }),
    ).toEqual({ stable: 10, canary: 2 });
  });

  it('scales the canary to all replicas without a distinct stable ReplicaSet', () => {
    const spec = oneStepCanary(10, 10, { maxSurge: 0, maxUnavailable: 1 });
    // A new rollout: the new ReplicaSet is the stable one (TestCalculateReplicaCountsForNewDeployment).
    expect(basicCanaryReplicas(spec, 10, { canary: rs(10, 0) })).toEqual({
      canary: 10,
      stable: 0,
    });
    // No stable ReplicaSet at all (TestCalculateReplicaCountsForCanaryStableRSdEdgeCases).
    expect(basicCanaryReplicas(spec, 10, { canary: rs(9) })).toEqual({
      canary: 10,
      stable: 0,
    });
  });
});

describe('approximateWeightedCounts (Argo TestApproximateWeightedNewStableReplicaCounts)', () => {
  it.each([
    // replicas, weight, maxSurge, canary, stable
    [0, 0, 0, 0, 0],
    [0, 50, 0, 0, 0],
    [0, 100, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 50, 1, 0, 0],
    [0, 100, 1, 0, 0],
    [1, 0, 0, 0, 1],
    [1, 1, 0, 0, 1],
    [1, 49, 0, 0, 1],
    [1, 50, 0, 1, 0],
    [1, 99, 0, 1, 0],
    [1, 100, 0, 1, 0],
    [1, 0, 1, 0, 1],
    [1, 1, 1, 1, 1],
    [1, 49, 1, 1, 1],
    [1, 50, 1, 1, 1],
    [1, 99, 1, 1, 1],
    [1, 100, 1, 1, 0],
    [2, 0, 0, 0, 2],
    [2, 1, 0, 1, 1],
    [2, 50, 0, 1, 1],
    [2, 99, 0, 1, 1],
    [2, 100, 0, 2, 0],
    [2, 0, 1, 0, 2],
    [2, 1, 1, 1, 2],
    [2, 50, 1, 1, 1],
    [2, 99, 1, 2, 1],
    [2, 100, 1, 2, 0],
    [3, 10, 0, 1, 2],
    [3, 25, 0, 1, 2],
    [3, 33, 0, 1, 2],
    [3, 34, 0, 1, 2],
    [3, 49, 0, 1, 2],
    [3, 50, 0, 2, 1],
    [3, 10, 1, 1, 3],
    [3, 25, 1, 1, 3],
    [3, 33, 1, 1, 2],
    [3, 34, 1, 1, 2],
    [3, 49, 1, 2, 2],
    [3, 50, 1, 2, 2],
    [10, 0, 1, 0, 10],
    [10, 1, 0, 1, 9],
    [10, 14, 0, 1, 9],
    [10, 15, 0, 2, 8],
    [10, 16, 0, 2, 8],
    [10, 99, 0, 9, 1],
    [10, 100, 1, 10, 0],
    [10, 1, 1, 1, 10],
    [10, 18, 1, 2, 9],
    [10, 19, 1, 2, 9],
    [10, 20, 1, 2, 8],
    [10, 23, 1, 2, 8],
    [10, 24, 1, 3, 8],
    [10, 25, 1, 3, 8],
    [10, 99, 1, 10, 1],
  ])(
    '%i replicas at weight %i with surge %i: canary %i, stable %i',
    (replicas, weight, surge, canary, stable) => {
      expect(approximateWeightedCounts(replicas, weight, 100, surge)).toEqual({
        canary,
        stable,
      });
    },
  );

  it('works out of maxTrafficWeight, not only 100', () => {
    // 25 out of 1000 of 40 pods is exactly one pod.
    expect(approximateWeightedCounts(40, 25, 1000, 0)).toEqual({
      canary: 1,
      stable: 39,
    });
  });
});

describe("Argo's canary documentation", () => {
  /**
   * Reconciles until the counts settle. Pods scaled away stop serving at
   * once; pods created in one round are available from the next.
   */
  function settle(replicas: number, weight: number) {
    const spec = canarySpec(replicas); // maxSurge and maxUnavailable 25 %: 3 and 2 of 10
    let stable = rs(replicas);
    let canary = rs(0);
    for (let round = 0; round < 20; round++) {
      const next = basicCanaryReplicas(spec, weight, { stable, canary });
      expect(next.canary + next.stable).toBeLessThanOrEqual(replicas + 3);
      const settled =
        next.canary === canary.replicas &&
        next.stable === stable.replicas &&
        canary.availableReplicas === canary.replicas &&
        stable.availableReplicas === stable.replicas;
      if (settled) return next;
      stable = rs(next.stable, Math.min(next.stable, stable.replicas));
      canary = rs(next.canary, Math.min(next.canary, canary.replicas));
      expect(
        stable.availableReplicas + canary.availableReplicas,
      ).toBeGreaterThanOrEqual(replicas - 2);
    }
    throw new Error('did not settle');
  }

  it('runs 1 canary and 9 stable pods of 10 at setWeight 10', () => {
    expect(settle(10, 10)).toEqual({ canary: 1, stable: 9 });
  });

  it('runs 4 canary and 6 stable pods of 10 at setWeight 41, the closest split', () => {
    expect(approximateWeightedCounts(10, 41, 100, 3)).toEqual({
      canary: 4,
      stable: 6,
    });
    expect(settle(10, 41)).toEqual({ canary: 4, stable: 6 });
  });

  it('rolls all the way over at weight 100, as a rolling update', () => {
    expect(settle(10, 100)).toEqual({ canary: 10, stable: 0 });
  });
});
