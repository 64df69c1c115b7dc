import { canaryScale, type CanaryScaleState } from './canaryScale';
import {
  trafficRoutedCanaryReplicas,
  trafficWeightToReplicas,
} from './trafficRoutedCanary';
import { oneStepCanary, routing } from './__testUtils__/specs';

/*
 * Facts from Argo Rollouts v1.8.3, `utils/replicaset/canary_test.go`:
 * the traffic-routed cases of `TestCalculateReplicaCountsForCanary`,
 * `TestCalculateReplicaCountsForCanaryTrafficRouting`,
 * `TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale` and
 * `TestTrafficWeightToReplicas`.
 */

const updating = (aborted = false): CanaryScaleState => ({
  currentStepIndex: 0,
  aborted,
  promoteFull: false,
  stableHash: 'stable',
  currentHash: 'canary',
});

describe('trafficWeightToReplicas', () => {
  it.each([
    [10, 0, 100, 0],
    [10, 20, 100, 2],
    [10, 25, 100, 3],
    [10, 33, 100, 4],
    [10, 99, 100, 10],
    [10, 100, 100, 10],
    [23, 100000000, 100000000, 23],
  ])('%i replicas at %i of %i: %i pods, rounded up', (r, w, max, out) => {
    expect(trafficWeightToReplicas(r, w, max)).toBe(out);
  });
});

describe('trafficRoutedCanaryReplicas', () => {
  it('runs ceil(weight × replicas) canary pods and keeps the stable full', () => {
    const spec = oneStepCanary(10, 10, { trafficRouting: routing() });
    expect(
      trafficRoutedCanaryReplicas(spec, {
        scale: canaryScale(spec, updating()),
      }),
    ).toEqual({ canary: 1, stable: 10 });
  });

  it('runs setCanaryScale.replicas whatever the weight', () => {
    const spec = oneStepCanary(
      1,
      100,
      { trafficRouting: routing() },
      { setCanaryScale: { replicas: 9 } },
    );
    const scale = canaryScale(spec, updating());
    expect(scale).toEqual({ replicas: 9 });
    expect(trafficRoutedCanaryReplicas(spec, { scale })).toEqual({
      canary: 9,
      stable: 1,
    });
  });

  it('runs setCanaryScale.weight of the replicas, even above 100 %', () => {
    const spec = oneStepCanary(
      4,
      100,
      { trafficRouting: routing() },
      { setCanaryScale: { weight: 200 } },
    );
    expect(
      trafficRoutedCanaryReplicas(spec, {
        scale: canaryScale(spec, updating()),
      }),
    ).toEqual({ canary: 8, stable: 4 });
  });

  it('follows the traffic weight when setCanaryScale matches it', () => {
    const spec = oneStepCanary(
      10,
      20,
      { trafficRouting: routing() },
      { setCanaryScale: { matchTrafficWeight: true } },
    );
    expect(
      trafficRoutedCanaryReplicas(spec, {
        scale: canaryScale(spec, updating()),
      }),
    ).toEqual({ canary: 2, stable: 10 });
  });

  it('keeps setCanaryScale after an abort only with abortScaleDownDelaySeconds 0', () => {
    const step = { setCanaryScale: { replicas: 1 } };
    const keep = oneStepCanary(
      1,
      0,
      { trafficRouting: routing(), abortScaleDownDelaySeconds: 0 },
      step,
    );
    expect(
      trafficRoutedCanaryReplicas(keep, {
        scale: canaryScale(keep, updating(true)),
        aborted: true,
      }),
    ).toEqual({ canary: 1, stable: 1 });

    const drop = oneStepCanary(
      1,
      0,
      { trafficRouting: routing(), abortScaleDownDelaySeconds: 30 },
      step,
    );
    expect(
      trafficRoutedCanaryReplicas(drop, {
        scale: canaryScale(drop, updating(true)),
        aborted: true,
      }),
    ).toEqual({ canary: 0, stable: 1 });
  });

  it('raises a non-zero canary to minPodsPerReplicaSet', () => {
    const spec = oneStepCanary(10, 5, {
      trafficRouting: routing(),
      minPodsPerReplicaSet: 2,
    });
    expect(
      trafficRoutedCanaryReplicas(spec, {
        scale: canaryScale(spec, updating()),
      }),
    ).toEqual({ canary: 2, stable: 10 });
  });

  it('counts weights out of maxTrafficWeight', () => {
    const spec = oneStepCanary(10, 250, {
      trafficRouting: routing({ maxTrafficWeight: 1000 }),
    });
    expect(
      trafficRoutedCanaryReplicas(spec, {
        scale: canaryScale(spec, updating()),
      }),
    ).toEqual({ canary: 3, stable: 10 });
  });

  describe('with dynamicStableScale', () => {
    const dynamic = (weight: number) =>
      oneStepCanary(10, weight, {
        trafficRouting: routing(),
        dynamicStableScale: true,
      });

    it('scales the stable down to its share of traffic', () => {
      const spec = dynamic(10);
      expect(
        trafficRoutedCanaryReplicas(spec, {
          scale: canaryScale(spec, updating()),
          actualWeights: { canary: 10, stable: 90 },
        }),
      ).toEqual({ canary: 1, stable: 9 });
    });

    it('keeps the stable for the traffic it still gets while the canary grows', () => {
      const spec = dynamic(20);
      expect(
        trafficRoutedCanaryReplicas(spec, {
          scale: canaryScale(spec, updating()),
          actualWeights: { canary: 10, stable: 90 },
        }),
      ).toEqual({ canary: 2, stable: 9 });
    });

    it('keeps an aborted canary up while traffic still reaches it', () => {
      const spec = dynamic(20);
      expect(
        trafficRoutedCanaryReplicas(spec, {
          scale: canaryScale(spec, updating(true)),
          actualWeights: { canary: 20, stable: 80 },
          aborted: true,
        }),
      ).toEqual({ canary: 2, stable: 10 });
    });

    it('shrinks an aborted canary as traffic leaves it', () => {
      const spec = dynamic(20);
      expect(
        trafficRoutedCanaryReplicas(spec, {
          scale: canaryScale(spec, updating(true)),
          actualWeights: { canary: 10, stable: 90 },
          aborted: true,
        }),
      ).toEqual({ canary: 1, stable: 10 });
    });

    it('without known weights follows the desired weight alone', () => {
      const spec = dynamic(30);
      expect(
        trafficRoutedCanaryReplicas(spec, {
          scale: canaryScale(spec, updating()),
        }),
      ).toEqual({ canary: 3, stable: 7 });
    });

    it('keeps minPodsPerReplicaSet on both sides', () => {
      const spec = oneStepCanary(10, 100, {
        trafficRouting: routing(),
        dynamicStableScale: true,
        minPodsPerReplicaSet: 2,
      });
      expect(
        trafficRoutedCanaryReplicas(spec, {
          scale: canaryScale(spec, updating()),
          actualWeights: { canary: 95, stable: 5 },
        }),
      ).toEqual({ canary: 10, stable: 2 });
    });
  });
});
