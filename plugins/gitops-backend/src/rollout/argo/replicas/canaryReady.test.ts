import { atDesiredCanaryReplicas } from './canaryReady';
import { canarySpec, oneStepCanary, routing } from './__testUtils__/specs';

/* Facts from Argo Rollouts v1.8.3: `TestAtDesiredReplicaCountsForCanary` (`utils/replicaset/canary_test.go`). */

const counts = (replicas: number, available: number, current: number) => ({
  replicas,
  availableReplicas: available,
  currentReplicas: current,
});

describe('atDesiredCanaryReplicas', () => {
  // 4 replicas, surge 1, unavailable 1; Argo's case gives setCanaryScale
  // (weight 2, replicas 2) without traffic routing, where it is ignored.
  const half = oneStepCanary(4, 50, { maxSurge: 1, maxUnavailable: 1 });
  const weights = { canary: 50, stable: 50 };

  it('is reached with both sides at their counts, the canary available', () => {
    expect(
      atDesiredCanaryReplicas(half, {
        scale: { weight: 50 },
        canary: counts(2, 2, 2),
        stable: counts(2, 2, 2),
        actualWeights: weights,
      }),
    ).toBe(true);
  });

  it('is not reached while a canary pod is unavailable', () => {
    expect(
      atDesiredCanaryReplicas(half, {
        scale: { weight: 50 },
        canary: counts(2, 1, 2),
        stable: counts(2, 2, 2),
      }),
    ).toBe(false);
  });

  it('is not reached while the stable has more pods than desired', () => {
    const spec = oneStepCanary(4, 75, { maxSurge: 1, maxUnavailable: 1 });
    expect(
      atDesiredCanaryReplicas(spec, {
        scale: { weight: 75 },
        canary: counts(3, 3, 3),
        stable: counts(2, 2, 2),
      }),
    ).toBe(false);
  });

  it('needs the stable pods created, not available', () => {
    const spec = oneStepCanary(4, 75, { maxSurge: 1, maxUnavailable: 1 });
    expect(
      atDesiredCanaryReplicas(spec, {
        scale: { weight: 75 },
        canary: counts(3, 3, 1),
        stable: counts(1, 0, 1),
      }),
    ).toBe(true);
  });

  it('is not reached while the stable status lags its spec', () => {
    expect(
      atDesiredCanaryReplicas(half, {
        scale: { weight: 50 },
        canary: counts(2, 2, 2),
        stable: counts(2, 2, 3),
      }),
    ).toBe(false);
  });

  it('waits for older ReplicaSets to lose their pods in a basic canary only', () => {
    const input = {
      scale: { weight: 50 },
      canary: counts(2, 2, 2),
      stable: counts(2, 2, 2),
      others: [counts(0, 1, 1)],
    };
    expect(atDesiredCanaryReplicas(half, input)).toBe(false);
    const routed = oneStepCanary(4, 50, { trafficRouting: routing() });
    expect(
      atDesiredCanaryReplicas(routed, {
        ...input,
        stable: counts(4, 4, 4),
      }),
    ).toBe(true);
  });

  it('does not check the stable with dynamicStableScale', () => {
    const spec = canarySpec(4, {
      steps: [{ setWeight: 50 }],
      trafficRouting: routing(),
      dynamicStableScale: true,
    });
    expect(
      atDesiredCanaryReplicas(spec, {
        scale: { weight: 50 },
        canary: counts(2, 2, 2),
        stable: counts(4, 1, 4),
        actualWeights: weights,
      }),
    ).toBe(true);
  });
});
