import {
  approximateCanaryStableCounts,
  argoCanaryReplicaTargets,
  resolveFenceposts,
} from './replicaTargets';
import type { ArgoCanaryReplicaInput } from './types';

const input = (
  fields: Partial<ArgoCanaryReplicaInput>,
): ArgoCanaryReplicaInput => ({
  replicas: 10,
  scale: { weight: 30 },
  maxTrafficWeight: 100,
  trafficRouted: false,
  dynamicStableScale: false,
  minPodsPerReplicaSet: 1,
  maxSurge: 3,
  abort: false,
  hasStable: true,
  ...fields,
});

describe('replica targets (the end points of Argo’s replica arithmetic)', () => {
  it('resolves maxSurge up and maxUnavailable down, never both 0', () => {
    expect(resolveFenceposts('25%', '25%', 5)).toEqual({
      maxSurge: 2,
      maxUnavailable: 1,
    });
    expect(resolveFenceposts('1%', '1%', 2)).toEqual({
      maxSurge: 1,
      maxUnavailable: 0,
    });
    expect(resolveFenceposts(0, '10%', 5)).toEqual({
      maxSurge: 0,
      maxUnavailable: 1,
    });
  });

  it.each([
    // replicas, weight, maxSurge, canary, stable: Argo's own cases
    // (TestApproximateWeightedNewStableReplicaCounts, utils/replicaset/canary_test.go)
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
    [10, 0, 1, 0, 10],
    [10, 1, 1, 1, 10],
    [10, 18, 1, 2, 9],
    [10, 19, 1, 2, 9],
    [10, 20, 1, 2, 8],
    [10, 23, 1, 2, 8],
    [10, 24, 1, 3, 8],
    [10, 25, 1, 3, 8],
    [10, 99, 1, 10, 1],
    [10, 100, 1, 10, 0],
  ])(
    'basic canary: %i replicas at %i%% (surge %i) → %i canary, %i stable',
    (replicas, weight, surge, canary, stable) => {
      expect(
        approximateCanaryStableCounts(replicas, weight, 100, surge),
      ).toEqual({
        canary,
        stable,
      });
    },
  );

  it('traffic routing keeps the stable at full size and rounds the canary up', () => {
    expect(
      argoCanaryReplicaTargets(
        input({ trafficRouted: true, scale: { weight: 15 } }),
      ),
    ).toEqual({
      canary: 2,
      stable: 10,
    });
    expect(
      argoCanaryReplicaTargets(
        input({ trafficRouted: true, scale: { replicas: 4 } }),
      ),
    ).toEqual({ canary: 4, stable: 10 });
    expect(
      argoCanaryReplicaTargets(
        input({
          trafficRouted: true,
          scale: { weight: 1 },
          minPodsPerReplicaSet: 2,
        }),
      ),
    ).toEqual({ canary: 2, stable: 10 });
  });

  it('dynamicStableScale shrinks the stable as the traffic leaves it', () => {
    const weights = {
      canary: { weight: 30, podTemplateHash: 'h2' },
      stable: { weight: 70, podTemplateHash: 'h1' },
    };
    expect(
      argoCanaryReplicaTargets(
        input({
          trafficRouted: true,
          dynamicStableScale: true,
          scale: { weight: 60 },
          weights,
        }),
      ),
    ).toEqual({ canary: 6, stable: 7 });
  });

  it('without a stable the canary is the whole rollout', () => {
    expect(argoCanaryReplicaTargets(input({ hasStable: false }))).toEqual({
      canary: 10,
      stable: 0,
    });
  });
});
