import { scaleDownDeadline } from '../replicas';
import {
  canaryDoc,
  istioCanary,
  specOf,
} from '../spec/__testUtils__/documents';
import { Simulator, T0 } from './__testUtils__/simulator';

const template = (name: string) => ({ templates: [{ templateName: name }] });

/** docs/features/analysis.md: background analysis from step 2 (setWeight: 40). */
const backgroundFromStep2 = () =>
  specOf(
    canaryDoc(
      {
        analysis: {
          ...template('success-rate'),
          startingStep: 2,
          args: [{ name: 'service-name', value: 'guestbook-svc' }],
        },
        steps: [
          { setWeight: 20 },
          { pause: { duration: '10m' } },
          { setWeight: 40 },
          { pause: { duration: '10m' } },
          { setWeight: 60 },
          { pause: { duration: '10m' } },
          { setWeight: 80 },
          { pause: { duration: '10m' } },
        ],
      },
      { replicas: 5 },
    ),
  );

/** An Istio canary with an analysis step after 20 %. */
const analysisStep = () =>
  specOf(
    canaryDoc(
      istioCanary({
        steps: [
          { setWeight: 20 },
          { analysis: template('smoke') },
          { setWeight: 60 },
          { pause: { duration: 10 } },
        ],
      }),
      { replicas: 5 },
    ),
  );

describe('planArgoStep, background analysis', () => {
  it('starts at startingStep, runs beside the steps and is terminated on completion', () => {
    const sim = new Simulator(backgroundFromStep2()).settle();
    sim.deploy('h2').settle();
    expect(sim.status!.currentStepIndex).toBe(1);
    expect(sim.runs.size).toBe(0);

    sim.advance(600).settle();
    expect(sim.status!.currentStepIndex).toBe(3);
    const name = sim.runningRun('background');
    expect(name).toBe('web-h2-2');
    const started = sim.plans.flatMap(p => p.actions.startAnalysisRuns);
    expect(started).toEqual([
      expect.objectContaining({
        name: 'web-h2-2',
        kind: 'background',
        podTemplateHash: 'h2',
        stablePodTemplateHash: 'h1',
        revision: 2,
        labels: {
          'rollouts-pod-template-hash': 'h2',
          'rollout-type': 'Background',
          app: 'web',
        },
      }),
    ]);
    expect(sim.status!.canary.currentBackgroundAnalysisRunStatus).toEqual({
      name: 'web-h2-2',
      status: 'Running',
    });

    for (let i = 0; i < 3; i++) sim.advance(600).settle();
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
    expect(sim.runs.get('web-h2-2')).toMatchObject({ terminated: true });
    expect(
      sim.status!.canary.currentBackgroundAnalysisRunStatus,
    ).toBeUndefined();
  });

  it('a failed background run aborts the update', () => {
    const sim = new Simulator(backgroundFromStep2()).settle();
    sim.deploy('h2').settle().advance(600).settle();
    sim.takeEvents();
    sim
      .setRun('web-h2-2', 'Failed', 'Metric "success-rate" assessed Failed')
      .settle();
    expect(sim.status).toMatchObject({ abort: true, currentStepIndex: 0 });
    expect(sim.phase).toBe(
      'Degraded: RolloutAborted: Rollout aborted update to revision 2: Metric "success-rate" assessed Failed',
    );
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([0, 5]);
    const events = sim.events.filter(e => e.type === 'Warning');
    expect(events.map(e => `${e.reason}: ${e.message}`)).toEqual([
      "AnalysisRunFailed: Background Analysis Run 'web-h2-2' Status New: 'Failed' Previous: 'Running'",
      'RolloutAborted: Rollout aborted update to revision 2: Metric "success-rate" assessed Failed',
    ]);
  });
});

describe('planArgoStep, analysis step', () => {
  it('waits for the run, moves on when it succeeds', () => {
    const sim = new Simulator(analysisStep()).settle();
    sim.deploy('h2').settle();
    expect(sim.status!.currentStepIndex).toBe(1);
    expect(sim.traffic).toEqual({ canaryWeight: 20, stableWeight: 80 });
    expect(sim.selectors).toEqual({ stable: 'h1', canary: 'h2' });
    expect(sim.runningRun('step')).toBe('web-h2-2-1');
    expect(sim.plans.flatMap(p => p.actions.startAnalysisRuns)).toEqual([
      expect.objectContaining({
        stepIndex: 1,
        labels: {
          'rollouts-pod-template-hash': 'h2',
          'rollout-type': 'Step',
          'step-index': '1',
          app: 'web',
        },
      }),
    ]);
    expect(sim.phase).toBe('Progressing: more replicas need to be updated');

    sim.takeEvents();
    sim.setRun('web-h2-2-1', 'Successful').settle();
    expect(sim.takeEvents()).toEqual(
      expect.arrayContaining([
        "AnalysisRunSuccessful: Step Analysis Run 'web-h2-2-1' Status New: 'Successful' Previous: 'Running'",
        'RolloutStepCompleted: Rollout step 2/4 completed (analysis)',
        'TrafficWeightUpdated: Traffic weight updated from 20 to 60',
      ]),
    );
    expect(sim.status!.currentStepIndex).toBe(3);
    expect(sim.status!.canary.currentStepAnalysisRunStatus).toBeUndefined();
    // with traffic routing the stable keeps every replica
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([3, 5]);

    sim.advance(10).settle();
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
    expect(sim.traffic).toEqual({ canaryWeight: 0, stableWeight: 100 });
    expect(sim.selectors).toEqual({ stable: 'h2', canary: 'h2' });
    // the previous stable waits out scaleDownDelaySeconds (30 s)
    expect(sim.replicas('h1')).toBe(5);
    expect(sim.status!.scaleDownDeadlines).toEqual({
      h1: scaleDownDeadline(new Date(sim.now), 30),
    });
    expect(sim.nextTickAt).toBe(sim.now + 30_000);
    sim.advance(30).settle();
    expect(sim.replicas('h1')).toBe(0);
    expect(sim.status!.scaleDownDeadlines).toEqual({});
  });

  it('a failed run aborts: traffic back to stable, canary down after abortScaleDownDelaySeconds; retry starts over', () => {
    const sim = new Simulator(analysisStep()).settle();
    sim.deploy('h2').settle();
    sim.takeEvents();
    const abortAt = sim.now;
    sim.setRun('web-h2-2-1', 'Failed', 'smoke failed').settle();
    expect(sim.status).toMatchObject({
      abort: true,
      abortedAt: new Date(abortAt).toISOString(),
      currentStepIndex: 0,
    });
    expect(sim.phase).toBe(
      'Degraded: RolloutAborted: Rollout aborted update to revision 2: smoke failed',
    );
    expect(sim.traffic).toEqual({ canaryWeight: 0, stableWeight: 100 });
    expect(sim.selectors).toEqual({ stable: 'h1', canary: 'h1' });
    // the canary stays up for 30 s
    expect(sim.replicas('h2')).toBe(1);
    expect(sim.status!.scaleDownDeadlines.h2).toBe(
      scaleDownDeadline(new Date(abortAt), 30),
    );
    expect(sim.nextTickAt).toBe(abortAt + 30_000);
    sim.advance(30).settle();
    expect(sim.replicas('h2')).toBe(0);
    expect(sim.phase).toBe(
      'Degraded: RolloutAborted: Rollout aborted update to revision 2: smoke failed',
    );

    sim.takeEvents();
    sim.request('retry').settle();
    expect(sim.status).toMatchObject({ abort: false, currentStepIndex: 1 });
    expect(sim.status!.abortedAt).toBeUndefined();
    expect(sim.status!.scaleDownDeadlines).toEqual({});
    expect(sim.replicas('h2')).toBe(1);
    // the run of that name failed, so the new one is numbered
    expect(sim.runningRun('step')).toBe('web-h2-2-1.1');
    expect(sim.status!.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
      }),
    );
    sim.setRun('web-h2-2-1.1', 'Successful').settle().advance(10).settle();
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
  });

  it('an inconclusive run pauses; promote moves past the analysis', () => {
    const sim = new Simulator(analysisStep()).settle();
    sim.deploy('h2').settle();
    sim.takeEvents();
    sim.setRun('web-h2-2-1', 'Inconclusive').settle();
    expect(sim.status).toMatchObject({
      currentStepIndex: 1,
      controllerPause: true,
      pauseConditions: [
        {
          reason: 'InconclusiveAnalysisRun',
          startTime: new Date(T0).toISOString(),
        },
      ],
    });
    expect(sim.phase).toBe('Paused: InconclusiveAnalysisRun');
    expect(sim.takeEvents()).toEqual([
      "AnalysisRunInconclusive: Step Analysis Run 'web-h2-2-1' Status New: 'Inconclusive' Previous: 'Running'",
      'RolloutPaused: Rollout is paused (InconclusiveAnalysisRun)',
    ]);

    sim.request('promote').settle();
    expect(sim.status!.currentStepIndex).toBe(3);
    expect(sim.status!.pauseConditions).toEqual([
      expect.objectContaining({ reason: 'CanaryPauseStep' }),
    ]);
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([3, 5]);
    // no second run for the step
    expect(sim.runs.size).toBe(1);
  });

  it('promote --full after an abort promotes the canary', () => {
    const sim = new Simulator(analysisStep()).settle();
    sim.deploy('h2').settle();
    sim.setRun('web-h2-2-1', 'Failed').settle();
    sim.request('promoteFull').settle();
    expect(sim.status).toMatchObject({
      abort: false,
      stableRS: 'h2',
      phase: 'Healthy',
    });
    expect(sim.replicas('h2')).toBe(5);
  });

  it('promote --full terminates the running analysis', () => {
    const sim = new Simulator(analysisStep()).settle();
    sim.deploy('h2').settle();
    sim.request('promoteFull').settle();
    expect(sim.runs.get('web-h2-2-1')).toMatchObject({ terminated: true });
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
    expect(sim.replicas('h2')).toBe(5);
  });
});
