import {
  canaryDoc,
  istioCanary,
  specOf,
} from '../spec/__testUtils__/documents';
import { Simulator } from './__testUtils__/simulator';

const headerCanary = (canary: Record<string, unknown> = {}) =>
  specOf(
    canaryDoc(
      istioCanary(
        {
          steps: [
            { setCanaryScale: { replicas: 2 } },
            {
              setHeaderRoute: {
                name: 'header',
                match: [
                  { headerName: 'x-canary', headerValue: { exact: 'yes' } },
                ],
              },
            },
            { setWeight: 10 },
            { pause: {} },
          ],
          ...canary,
        },
        { managedRoutes: [{ name: 'header' }] },
      ),
      { replicas: 10 },
    ),
  );

describe('planArgoStep, canary with traffic routing', () => {
  it('setCanaryScale sizes the canary apart from its weight; setHeaderRoute routes a header to it', () => {
    const sim = new Simulator(headerCanary()).settle();
    expect(sim.traffic).toEqual({ canaryWeight: 0, stableWeight: 100 });

    sim.deploy('h2').settle();
    expect(sim.status!.currentStepIndex).toBe(3);
    expect(sim.phase).toBe('Paused: CanaryPauseStep');
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([2, 10]);
    expect(sim.traffic).toEqual({ canaryWeight: 10, stableWeight: 90 });
    expect(sim.headerRoute).toBe('header');
    const plan = sim.plans[sim.plans.length - 1];
    expect(plan.actions.canaryScale).toEqual({ replicas: 2 });
    expect(sim.status!.canary.weights).toEqual({
      canary: { weight: 10, podTemplateHash: 'h2', serviceName: 'web-canary' },
      stable: { weight: 90, podTemplateHash: 'h1', serviceName: 'web-stable' },
    });
    expect(sim.takeEvents()).toEqual(
      expect.arrayContaining([
        'RolloutStepCompleted: Rollout step 1/4 completed (setCanaryScale{replicas: 2})',
        // Argo has no words for a setHeaderRoute step
        'RolloutStepCompleted: Rollout step 2/4 completed (invalid)',
        'RolloutStepCompleted: Rollout step 3/4 completed (setWeight: 10)',
        'TrafficWeightUpdated: Traffic weight updated from 0 to 10',
      ]),
    );
  });

  it('an abort drops the routes and the weight at once and the canary after the delay', () => {
    const sim = new Simulator(headerCanary()).settle();
    sim.deploy('h2').settle();
    sim.request('abort').settle();
    expect(sim.traffic).toEqual({ canaryWeight: 0, stableWeight: 100 });
    expect(sim.headerRoute).toBeUndefined();
    expect(sim.selectors).toEqual({ stable: 'h1', canary: 'h1' });
    expect(sim.replicas('h2')).toBe(2);
    sim.advance(30).settle();
    expect(sim.replicas('h2')).toBe(0);
  });

  it('abortScaleDownDelaySeconds: 0 leaves a setCanaryScale canary up', () => {
    const sim = new Simulator(
      headerCanary({ abortScaleDownDelaySeconds: 0 }),
    ).settle();
    sim.deploy('h2').settle();
    sim.request('abort').settle();
    sim.advance(3600).settle();
    expect(sim.replicas('h2')).toBe(2);
    expect(sim.traffic).toEqual({ canaryWeight: 0, stableWeight: 100 });
  });

  it('a canary with no pod available gets no traffic', () => {
    const sim = new Simulator(
      specOf(
        canaryDoc(istioCanary({ steps: [{ setWeight: 50 }] }), { replicas: 2 }),
      ),
    ).settle();
    sim.availableCap.set('h2', 0);
    sim.deploy('h2').settle();
    expect(sim.replicas('h2')).toBe(1);
    expect(sim.traffic).toEqual({ canaryWeight: 0, stableWeight: 100 });
    // the canary Service waits for a pod too
    expect(sim.selectors.canary).toBe('h1');
    sim.availableCap.delete('h2');
    sim.settle();
    expect(sim.status!.stableRS).toBe('h2');
  });
});

describe('planArgoStep, rollbackWindow', () => {
  it('going back to a revision within the window skips the steps and analysis', () => {
    const spec = specOf(
      canaryDoc(
        {
          steps: [{ setWeight: 20 }, { pause: {} }],
          analysis: { templates: [{ templateName: 'rate' }] },
        },
        { replicas: 5, rollbackWindow: { revisions: 1 } },
      ),
    );
    const sim = new Simulator(spec).settle();
    sim.deploy('h2').settle().request('promote').settle();
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
    expect(sim.runs.get('web-h2-2')).toMatchObject({ terminated: true });
    sim.takeEvents();

    sim.deploy('h1').settle();
    expect(sim.status).toMatchObject({
      stableRS: 'h1',
      revision: 3,
      currentStepIndex: 2,
      phase: 'Healthy',
    });
    expect(sim.runs.size).toBe(1);
    expect(sim.takeEvents()).toContain(
      'RolloutCompleted: Rollout completed update to revision 3 (h1): Rollback within window',
    );
  });
});
