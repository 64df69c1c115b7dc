import { canaryDoc, specOf } from '../spec/__testUtils__/documents';
import { Simulator, T0 } from './__testUtils__/simulator';

/** Argo's getting-started rollout (docs/getting-started.md): 5 replicas, a basic canary. */
const gettingStarted = (extra: Record<string, unknown> = {}) =>
  specOf(
    canaryDoc(
      {
        steps: [
          { setWeight: 20 },
          { pause: {} },
          { setWeight: 40 },
          { pause: { duration: 10 } },
          { setWeight: 60 },
          { pause: { duration: 10 } },
          { setWeight: 80 },
          { pause: { duration: 10 } },
        ],
      },
      { replicas: 5, ...extra },
    ),
  );

describe('planArgoStep, basic canary (getting started)', () => {
  it('deploys the first revision at full size at once, skipping the steps', () => {
    const sim = new Simulator(gettingStarted()).settle();
    expect(sim.replicas('h1')).toBe(5);
    expect(sim.status).toMatchObject({
      revision: 1,
      stableRS: 'h1',
      currentPodHash: 'h1',
      currentStepIndex: 8,
      phase: 'Healthy',
      message: '',
    });
    expect(sim.takeEvents()).toEqual([
      'NewReplicaSetCreated: Created ReplicaSet web-h1 (revision 1)',
      'RolloutUpdated: Rollout updated to revision 1',
      'RolloutNotCompleted: Rollout not completed, started update to revision 1 (h1)',
      'RolloutCompleted: Rollout completed update to revision 1 (h1): Initial deploy',
    ]);
  });

  it('walks the steps: 20 % until promoted, then 40, 60, 80 every 10 s, then promotes', () => {
    const sim = new Simulator(gettingStarted()).settle();
    sim.takeEvents();

    sim.deploy('h2').settle();
    // "1 of 5 replicas running the new version … 4 of 5 the old"
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([1, 4]);
    expect(sim.status).toMatchObject({
      revision: 2,
      currentStepIndex: 1,
      stableRS: 'h1',
      controllerPause: true,
      pauseConditions: [
        { reason: 'CanaryPauseStep', startTime: new Date(T0).toISOString() },
      ],
    });
    expect(sim.phase).toBe('Paused: CanaryPauseStep');
    expect(sim.takeEvents()).toEqual([
      'NewReplicaSetCreated: Created ReplicaSet web-h2 (revision 2)',
      'RolloutUpdated: Rollout updated to revision 2',
      'RolloutNotCompleted: Rollout not completed, started update to revision 2 (h2)',
      'RolloutStepCompleted: Rollout step 1/8 completed (setWeight: 20)',
      'RolloutPaused: Rollout is paused (CanaryPauseStep)',
    ]);
    // an indefinite pause needs no clock
    expect(sim.nextTickAt).toBeUndefined();

    sim.advance(3600).settle();
    expect(sim.status!.currentStepIndex).toBe(1);

    sim.request('promote').settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([2, 3]);
    expect(sim.status!.currentStepIndex).toBe(3);
    expect(sim.phase).toBe('Paused: CanaryPauseStep');
    expect(sim.nextTickAt).toBe(sim.now + 10_000);
    expect(sim.takeEvents()).toEqual([
      'RolloutStepCompleted: Rollout step 2/8 completed (pause)',
      'RolloutStepCompleted: Rollout step 3/8 completed (setWeight: 40)',
      'RolloutPaused: Rollout is paused (CanaryPauseStep)',
    ]);

    sim.advance(9).settle();
    expect(sim.status!.currentStepIndex).toBe(3);

    sim.advance(1).settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([3, 2]);
    expect(sim.status!.currentStepIndex).toBe(5);
    expect(sim.takeEvents()).toEqual([
      'RolloutStepCompleted: Rollout step 4/8 completed (pause: 10)',
      'RolloutResumed: Rollout is resumed',
      'RolloutStepCompleted: Rollout step 5/8 completed (setWeight: 60)',
      'RolloutPaused: Rollout is paused (CanaryPauseStep)',
    ]);

    sim.advance(10).settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([4, 1]);
    expect(sim.status!.currentStepIndex).toBe(7);

    sim.advance(10).settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([5, 0]);
    expect(sim.status).toMatchObject({
      stableRS: 'h2',
      currentStepIndex: 8,
      pauseConditions: [],
      controllerPause: false,
      phase: 'Healthy',
    });
    expect(sim.takeEvents()).toEqual(
      expect.arrayContaining([
        'RolloutStepCompleted: Rollout step 8/8 completed (pause: 10)',
        'RolloutCompleted: Rollout completed update to revision 2 (h2): Completed all 8 canary steps',
      ]),
    );
  });

  it('shows Argo’s words while the canary scales up', () => {
    const sim = new Simulator(gettingStarted()).settle();
    sim.availableCap.set('h2', 0);
    sim.deploy('h2').tick();
    // the first reconcile of a new revision only resets the status
    expect(sim.status).toMatchObject({ currentStepIndex: 0, revision: 2 });
    expect(sim.phase).toBe('Progressing: more replicas need to be updated');
    sim.settle();
    expect(sim.replicas('h2')).toBe(1);
    expect(sim.status!.currentStepIndex).toBe(0);
    expect(sim.phase).toBe('Progressing: more replicas need to be updated');
  });

  it('aborts back to stable, stays Degraded, and fast-tracks a return to the stable template', () => {
    const sim = new Simulator(gettingStarted()).settle();
    sim.deploy('h2').settle();
    sim.takeEvents();

    sim.request('abort').settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([0, 5]);
    expect(sim.status).toMatchObject({
      abort: true,
      abortedAt: new Date(T0).toISOString(),
      currentStepIndex: 0,
      pauseConditions: [],
    });
    expect(sim.phase).toBe(
      'Degraded: RolloutAborted: Rollout aborted update to revision 2',
    );
    expect(sim.takeEvents()).toContain(
      'RolloutAborted: Rollout aborted update to revision 2',
    );

    // "re-run the set image command using the previous, yellow image"
    sim.deploy('h1').settle();
    expect(sim.takeEvents()).toEqual(
      expect.arrayContaining([
        'RolloutUpdated: Rollout updated to revision 3',
        'SkipSteps: Rollback to stable ReplicaSets',
      ]),
    );
    expect(sim.status).toMatchObject({
      abort: false,
      stableRS: 'h1',
      currentStepIndex: 8,
      revision: 3,
      phase: 'Healthy',
    });
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([0, 5]);
  });

  it('promote outside a pause skips the current step', () => {
    const sim = new Simulator(gettingStarted()).settle();
    sim.availableCap.set('h2', 0);
    sim.deploy('h2').settle();
    expect(sim.status!.currentStepIndex).toBe(0);
    sim.request('promote').tick();
    expect(sim.status!.currentStepIndex).toBe(1);
    expect(sim.status!.pauseConditions).toEqual([
      { reason: 'CanaryPauseStep', startTime: new Date(sim.now).toISOString() },
    ]);
  });

  it('promote --full skips the steps and promotes once the canary is fully available', () => {
    const sim = new Simulator(gettingStarted()).settle();
    sim.deploy('h2').settle();
    sim.takeEvents();
    sim.request('promoteFull').settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([5, 0]);
    expect(sim.status).toMatchObject({
      stableRS: 'h2',
      promoteFull: false,
      currentStepIndex: 8,
      pauseConditions: [],
      phase: 'Healthy',
    });
    expect(sim.takeEvents()).toContain(
      'RolloutCompleted: Rollout completed update to revision 2 (h2): Full promotion requested',
    );
  });

  it('a user pause holds a timed pause past its end; resume lets it go', () => {
    const sim = new Simulator(gettingStarted()).settle();
    sim.deploy('h2').settle().request('promote').settle();
    expect(sim.status!.currentStepIndex).toBe(3);

    sim.request('pause').settle();
    expect(sim.phase).toBe('Paused: manually paused');
    expect(sim.status!.pausedByUser).toBe(true);
    expect(sim.status!.conditions).toContainEqual(
      expect.objectContaining({ type: 'Paused', status: 'True' }),
    );
    sim.advance(60).settle();
    expect(sim.status!.currentStepIndex).toBe(3);
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([2, 3]);

    sim.request('resume').settle();
    expect(sim.status!.pausedByUser).toBe(false);
    expect(sim.status!.currentStepIndex).toBe(5);
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([3, 2]);
  });

  it('spec.paused in the document holds the rollout; promote cannot lift it', () => {
    const sim = new Simulator(gettingStarted({ paused: true })).settle();
    expect(sim.phase).toBe('Paused: manually paused');
    // nothing scales while paused, not even the first revision
    expect(sim.replicas('h1')).toBe(0);
    sim.request('promote').settle();
    expect(sim.phase).toBe('Paused: manually paused');
  });

  it('new steps restart the update from step 0', () => {
    const sim = new Simulator(gettingStarted()).settle();
    sim.deploy('h2').settle();
    expect(sim.status!.currentStepIndex).toBe(1);
    sim.spec = gettingStarted({});
    sim.spec.strategy = {
      ...sim.spec.strategy,
      steps: [{ setWeight: 60 }, { pause: {} }],
    } as typeof sim.spec.strategy;
    sim.settle();
    expect(sim.status).toMatchObject({ currentStepIndex: 1, revision: 2 });
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([3, 2]);
  });
});

describe('planArgoStep, progressDeadlineSeconds', () => {
  it('a canary that never becomes available times out: Degraded ProgressDeadlineExceeded', () => {
    const sim = new Simulator(gettingStarted({ progressDeadlineSeconds: 60 }));
    sim.settle();
    sim.availableCap.set('h2', 0);
    sim.deploy('h2').settle();
    expect(sim.phase).toBe('Progressing: more replicas need to be updated');
    const deadline = sim.nextTickAt!;
    expect(deadline).toBe(T0 + 60_000);

    sim.advance(59).settle();
    expect(sim.status!.phase).toBe('Progressing');
    sim.advance(1).settle();
    expect(sim.phase).toBe(
      'Degraded: ProgressDeadlineExceeded: ReplicaSet "web-h2" has timed out progressing.',
    );
    expect(sim.status!.abort).toBe(false);

    // progress again clears it
    sim.availableCap.delete('h2');
    sim.settle();
    expect(sim.phase).toBe('Paused: CanaryPauseStep');
  });

  it('with progressDeadlineAbort the update is aborted', () => {
    const sim = new Simulator(
      gettingStarted({
        progressDeadlineSeconds: 60,
        progressDeadlineAbort: true,
      }),
    );
    sim.settle();
    sim.availableCap.set('h2', 0);
    sim.deploy('h2').settle();
    sim.takeEvents();
    sim.advance(60).settle();
    expect(sim.status!.abort).toBe(true);
    expect(sim.phase).toBe(
      'Degraded: RolloutAborted: Rollout aborted update to revision 2',
    );
    expect(sim.takeEvents()).toContain(
      'RolloutAborted: ReplicaSet "web-h2" has timed out progressing.',
    );
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([0, 5]);
  });

  it('a pause step is not held to the deadline', () => {
    const sim = new Simulator(gettingStarted({ progressDeadlineSeconds: 60 }));
    sim.settle().deploy('h2').settle();
    expect(sim.nextTickAt).toBeUndefined();
    sim.advance(3600).settle();
    expect(sim.phase).toBe('Paused: CanaryPauseStep');
  });
});

describe('planArgoStep, canary without steps', () => {
  it('promotes as soon as the new ReplicaSet is fully available', () => {
    const sim = new Simulator(specOf(canaryDoc({}, { replicas: 3 }))).settle();
    sim.deploy('h2').settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([3, 0]);
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
    expect(sim.status!.currentStepIndex).toBeUndefined();
    expect(sim.takeEvents()).toContain(
      'RolloutCompleted: Rollout completed update to revision 2 (h2): Completed all 0 canary steps',
    );
  });
});
