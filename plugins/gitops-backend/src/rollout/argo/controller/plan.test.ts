import {
  canaryDoc,
  istioCanary,
  specOf,
} from '../spec/__testUtils__/documents';
import { Simulator, T0 } from './__testUtils__/simulator';
import { planArgoStep } from './plan';
import type { ArgoObservations } from './types';

const spec = specOf(
  canaryDoc(
    istioCanary({
      steps: [
        { setWeight: 20 },
        { analysis: { templates: [{ templateName: 'smoke' }] } },
      ],
    }),
    { replicas: 2 },
  ),
);

describe('planArgoStep as a function', () => {
  it('changes neither the status nor the observations it is given', () => {
    const sim = new Simulator(spec).settle().deploy('h2').settle();
    const status = structuredClone(sim.status!);
    const observations: ArgoObservations = {
      podTemplateHash: 'h2',
      replicaSets: [...sim.replicaSets.values()],
      analysisRuns: { 'web-h2-2-1': { phase: 'Failed' } },
      requests: ['promote'],
    };
    const copies = structuredClone([status, observations]);
    planArgoStep(spec, status, observations, T0 + 5000);
    expect([status, observations]).toEqual(copies);
  });

  it('asks for the next tick now while its status changes, then only for clocks', () => {
    const sim = new Simulator(spec);
    expect(sim.tick().nextTickAt).toBe(T0);
    sim.settle();
    expect(sim.tick().nextTickAt).toBeUndefined();
  });

  it('a run the status names but the cluster does not show yet is not started twice', () => {
    const sim = new Simulator(spec).settle().deploy('h2').settle();
    const status = sim.status!;
    expect(status.canary.currentStepAnalysisRunStatus?.name).toBe('web-h2-2-1');
    const plan = planArgoStep(
      spec,
      status,
      {
        podTemplateHash: 'h2',
        replicaSets: [...sim.replicaSets.values()],
        analysisRuns: {},
      },
      sim.now,
    );
    expect(plan.actions.startAnalysisRuns).toEqual([]);
    expect(plan.status.canary.currentStepAnalysisRunStatus?.name).toBe(
      'web-h2-2-1',
    );
  });

  it('asks for the current template’s ReplicaSet while it is missing', () => {
    const plan = planArgoStep(
      spec,
      undefined,
      { podTemplateHash: 'h1', replicaSets: [], analysisRuns: {} },
      T0,
    );
    expect(plan.actions.createReplicaSet).toEqual({
      podTemplateHash: 'h1',
      revision: 1,
    });
    expect(plan.actions.events).toContainEqual({
      type: 'Normal',
      reason: 'NewReplicaSetCreated',
      message: 'Created ReplicaSet web-h1 (revision 1)',
    });
  });
});
