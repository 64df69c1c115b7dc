import {
  canaryDoc,
  istioCanary,
  specOf,
} from '../spec/__testUtils__/documents';
import { Simulator } from './__testUtils__/simulator';

/*
 * The canary's sizes come from the replica arithmetic on every reconcile,
 * from the live counts (Argo v1.8.3, `reconcileCanaryReplicaSets`): the
 * path there is Argo's, not only where a step ends. The simulator's pods
 * are available as soon as they are asked for.
 */

const basic = (replicas: number, weight: number) =>
  specOf(
    canaryDoc({ steps: [{ setWeight: weight }, { pause: {} }] }, { replicas }),
  );

describe('planArgoStep, a basic canary’s ReplicaSets', () => {
  it('moves within maxSurge and maxUnavailable, the stable first, one ReplicaSet per reconcile', () => {
    // 10 replicas, maxSurge and maxUnavailable 25 %: at most 13 pods, at least 8
    const sim = new Simulator(basic(10, 50)).settle();
    sim.deploy('h2').tick();
    const path = sim.path(4, 'h2', 'h1');
    expect(path).toEqual([
      [0, 8],
      [5, 8],
      [5, 5],
      [5, 5],
    ]);
    for (const [canary, stable] of path) {
      expect(canary + stable).toBeLessThanOrEqual(13);
      expect(canary + stable).toBeGreaterThanOrEqual(8);
    }
    expect(sim.status!.currentStepIndex).toBe(1);
  });

  it('a third template: the new canary comes up before the abandoned one goes', () => {
    const sim = new Simulator(basic(5, 20)).settle();
    sim.deploy('h2').settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([1, 4]);
    sim.deploy('h3').tick();
    expect(sim.path(3, 'h3', 'h2', 'h1')).toEqual([
      [1, 1, 4],
      [1, 0, 4],
      [1, 0, 4],
    ]);
    expect(sim.status!.currentStepIndex).toBe(1);
  });
});

describe('planArgoStep, dynamicStableScale', () => {
  const spec = specOf(
    canaryDoc(
      istioCanary({
        dynamicStableScale: true,
        steps: [
          { setWeight: 20 },
          { pause: {} },
          { setWeight: 60 },
          { pause: {} },
        ],
      }),
      { replicas: 10 },
    ),
  );

  it('shrinks the stable only after the traffic has left it', () => {
    const sim = new Simulator(spec).settle();
    sim.deploy('h2').tick();
    // canary pods, stable pods, canary weight after each reconcile
    const trace = [];
    for (let i = 0; i < 4; i++) {
      const [sizes] = sim.path(1, 'h2', 'h1');
      trace.push([...sizes, sim.traffic?.canaryWeight]);
    }
    expect(trace).toEqual([
      [2, 10, 0],
      [2, 10, 20],
      [2, 8, 20],
      [2, 8, 20],
    ]);
  });

  it('an abort grows the stable back before the traffic returns, then drops the canary', () => {
    const sim = new Simulator(spec).settle();
    sim.deploy('h2').settle().request('promote').settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([6, 4]);
    sim.request('abort');
    expect(sim.path(2, 'h2', 'h1')).toEqual([
      [6, 10],
      [0, 10],
    ]);
    expect(sim.traffic).toEqual({ canaryWeight: 0, stableWeight: 100 });
  });
});
