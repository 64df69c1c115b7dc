import { rolling } from './__testUtils__/FakeWorkloads';
import { canarySpec, hook } from './__testUtils__/rolloutSpecs';
import { ID, TickDriver } from './__testUtils__/TickDriver';

describe('tick: a weighted canary', () => {
  it('initialises on the live revision without starting a run', async () => {
    const d = new TickDriver(canarySpec());
    d.workloads.script('primary', [rolling('podinfo-primary.test not ready')]);
    const waiting = await d.tick();
    expect(waiting).toMatchObject({
      phase: 'Initializing',
      message: 'podinfo-primary.test not ready',
    });

    const done = await d.tick();
    expect(done).toMatchObject({
      phase: 'Initialized',
      lastAppliedSpec: 'h0',
      lastPromotedSpec: 'h0',
      canaryWeight: 0,
      waitingSince: undefined,
    });
    expect(d.workloads.writes).toEqual([
      'ensureServices',
      'ensurePrimary',
      'ensureServices',
      'ensurePrimary',
      'scaleTarget:zero',
    ]);
    expect(d.router.canaryWeights()).toEqual(['0']);
    expect(d.router.reconciled).toBe(1);
    expect(d.runs()).toEqual([]);
    // The same revision on the next tick starts nothing.
    expect(await d.tick()).toMatchObject({ phase: 'Initialized' });
    expect(d.runs()).toEqual([]);
  });

  it('advances step by step to maxWeight and promotes, in the order of the example run', async () => {
    const d = new TickDriver(canarySpec());
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.deploy('h1');
    const started = await d.tick();
    expect(started).toMatchObject({
      phase: 'Progressing',
      lastAppliedSpec: 'h1',
      lastPromotedSpec: 'h0',
      runId: 1,
    });
    expect(d.workloads.targetScale).toBe('up');

    const states = await d.ticksWhile(s => s.phase === 'Progressing');
    // Pre-rollout at 0 and the first step, one step per tick, then the promotion gate.
    expect(states.map(s => s.canaryWeight)).toEqual([10, 20, 30, 30]);
    expect(states.at(-1)?.phase).toBe('Promoting');
    expect(d.workloads.primaryRevision?.hash).toBe('h1');

    expect(await d.tick()).toMatchObject({
      phase: 'Finalising',
      canaryWeight: 0,
    });
    const done = await d.tick();
    expect(done).toMatchObject({
      phase: 'Succeeded',
      lastPromotedSpec: 'h1',
      canaryWeight: 0,
    });
    expect(d.workloads.targetScale).toBe('zero');
    expect(d.router.canaryWeights()).toEqual(['0', '10', '20', '30', '0']);
    expect(d.messages()).toEqual([
      'New Deployment detected, starting initialization.',
      `Initialization done! ${ID}`,
      `New revision detected! Scaling up ${ID}`,
      `Starting canary analysis for ${ID}`,
      `Advance ${ID} canary weight 10`,
      `Advance ${ID} canary weight 20`,
      `Advance ${ID} canary weight 30`,
      `Copying ${ID} template spec to podinfo-primary.test`,
      'Routing all traffic to primary',
      `Promotion completed! Scaling down ${ID}`,
    ]);
    expect(d.runs()).toEqual([
      expect.objectContaining({
        id: 1,
        result: 'Succeeded',
        revision: 'h1',
        strategy: 'canary',
        commit: 'c0ffee',
      }),
    ]);
    // Metrics ran on each tick with traffic on the canary, each recorded with its weight.
    expect(d.store.checks.map(c => c.canaryWeight)).toEqual([10, 20, 30]);
    expect(d.analysis.alerts.map(a => a.message)).toEqual([
      'New Deployment detected, initialization completed.',
      'Canary analysis completed successfully, promotion finished.',
    ]);
    // Events go to the event hooks with their phase.
    expect(d.analysis.events.at(-1)).toEqual({
      message: `Promotion completed! Scaling down ${ID}`,
      type: 'Normal',
      phase: 'Succeeded',
    });

    // Syncing the promoted revision again starts nothing.
    d.workloads.deploy('h1');
    expect((await d.tick()).phase).toBe('Succeeded');
    expect(d.runs()).toHaveLength(1);
  });

  it('hands traffic back to the primary by stepWeightPromotion per tick', async () => {
    const d = new TickDriver(canarySpec({ stepWeightPromotion: 20 }));
    await d.startRun();
    await d.tickUntil(s => s.phase === 'Promoting', 'Promoting');
    const states = await d.ticksWhile(s => s.phase === 'Promoting');
    expect(states.map(s => [s.phase, 100 - s.canaryWeight])).toEqual([
      ['Promoting', 90],
      ['Finalising', 100],
    ]);
    expect(d.messages()).toEqual(
      expect.arrayContaining([
        `Advance ${ID} primary weight 90`,
        `Advance ${ID} primary weight 100`,
      ]),
    );
    expect((await d.tick()).phase).toBe('Succeeded');
  });

  it('rolls back after `threshold` failed checks, counted over the run', async () => {
    const d = new TickDriver(canarySpec({ threshold: 2 }));
    await d.startRun();
    await d.tickUntil(s => s.canaryWeight === 10, 'weight 10');
    d.analysis.scriptMetrics('fail', 'pass', 'fail');

    const first = await d.tick();
    expect(first).toMatchObject({
      phase: 'Progressing',
      failedChecks: 1,
      canaryWeight: 10,
      message: 'Halt advancement request-success-rate 91.20% < 99%',
    });
    // A passing tick advances but does not reset the count.
    expect(await d.tick()).toMatchObject({ failedChecks: 1, canaryWeight: 20 });
    expect(await d.tick()).toMatchObject({ failedChecks: 2, canaryWeight: 20 });

    const failed = await d.tick();
    expect(failed).toMatchObject({
      phase: 'Failed',
      canaryWeight: 0,
      failedChecks: 0,
      lastAppliedSpec: 'h1',
      lastPromotedSpec: 'h0',
    });
    expect(d.messages().slice(-2)).toEqual([
      `Rolling back ${ID} failed checks threshold reached 2`,
      `Canary failed! Scaling down ${ID}`,
    ]);
    expect(d.store.events.at(-1)).toMatchObject({ type: 'Warning' });
    expect(d.router.weights).toEqual({ primary: 100, canary: 0 });
    expect(d.workloads.targetScale).toBe('zero');
    expect(d.workloads.primaryRevision?.hash).toBe('h0');
    expect(d.runs().at(-1)).toMatchObject({
      result: 'Failed',
      message: `Rolling back ${ID} failed checks threshold reached 2`,
    });
    expect(d.analysis.alerts.at(-1)).toEqual({
      severity: 'error',
      message: `Rolling back ${ID} failed checks threshold reached 2`,
    });
    expect(d.analysis.hookTypes().at(-1)).toBe('post-rollout');

    // The failed revision does not start again by itself, nor does a revert
    // to what the primary runs; a new revision does.
    expect((await d.tick()).phase).toBe('Failed');
    d.workloads.deploy('h0');
    expect((await d.tick()).phase).toBe('Failed');
    d.workloads.deploy('h2');
    expect(await d.tick()).toMatchObject({ phase: 'Progressing', runId: 2 });
  });

  it('holds an inconclusive analysis in Waiting without a failed check until promoted', async () => {
    const d = new TickDriver(canarySpec({ onNoData: 'inconclusive' }));
    await d.startRun();
    await d.tickUntil(s => s.canaryWeight === 10, 'weight 10');
    d.analysis.scriptMetrics('inconclusive');

    const held = await d.tick();
    expect(held).toMatchObject({
      phase: 'Waiting',
      canaryWeight: 10,
      failedChecks: 0,
      pause: { reason: 'inconclusive analysis' },
      message:
        'no values found for request-success-rate; paused until promoted',
    });
    const metricsSoFar = d.analysis.metricCalls.length;
    expect(await d.tick()).toMatchObject({
      phase: 'Waiting',
      canaryWeight: 10,
    });
    expect(d.analysis.metricCalls).toHaveLength(metricsSoFar);

    d.control('promote');
    const resumed = await d.tick();
    expect(resumed).toMatchObject({
      phase: 'Progressing',
      canaryWeight: 20,
      pause: undefined,
      requests: { promote: false },
    });
    expect(d.messages()).toContain(
      `Resumed ${ID} after inconclusive analysis by promote`,
    );
  });

  it('restarts the analysis when a newer revision arrives during a run', async () => {
    const d = new TickDriver(canarySpec());
    await d.startRun('h1');
    const first = await d.tickUntil(s => s.canaryWeight === 10, 'weight 10');
    d.analysis.scriptMetrics('fail');
    await d.tick();
    d.workloads.deploy('h2');

    const restarted = await d.tick();
    expect(restarted).toMatchObject({
      phase: 'Progressing',
      canaryWeight: 0,
      failedChecks: 0,
      stepIndex: 0,
      preRolloutDone: false,
      lastAppliedSpec: 'h2',
      message: `New revision detected! Restarting analysis for ${ID}`,
    });
    expect(restarted.runId).not.toBe(first.runId);
    expect(d.router.weights).toEqual({ primary: 100, canary: 0 });
    expect(d.runs().map(r => [r.revision, r.result])).toEqual([
      ['h1', 'Superseded'],
      ['h2', 'Running'],
    ]);
    expect(d.runs()[0].message).toBe('Revision h2 replaced it');
    // The new run starts over: pre-rollout again with the first step.
    const from = d.messages().length;
    expect((await d.tick()).canaryWeight).toBe(10);
    expect(d.messagesFrom(from)).toEqual([
      `Starting canary analysis for ${ID}`,
      `Advance ${ID} canary weight 10`,
    ]);
  });

  it('does not restart for a new revision while the primary is being promoted', async () => {
    const d = new TickDriver(canarySpec());
    await d.startRun('h1');
    await d.tickUntil(s => s.phase === 'Promoting', 'Promoting');
    d.workloads.deploy('h2');
    expect((await d.tick()).phase).toBe('Finalising');
    expect(d.runs()).toHaveLength(1);
  });

  it('mirrors for one tick at weight 0 before the first shift, which needs no traffic-increase approval', async () => {
    const d = new TickDriver(
      canarySpec(
        {
          mirror: true,
          webhooks: [hook('confirm-traffic-increase', 'more-please')],
        },
        {},
      ),
    );
    d.analysis.answer('more-please', 403);
    await d.startRun();
    // Pre-rollout, then the mirror tick instead of the first shift.
    const mirrored = await d.tick();
    expect(mirrored).toMatchObject({ canaryWeight: 0, mirrored: true });
    expect(mirrored.message).toBe('Running mirror step 0/3/true');
    expect(d.router.history.at(-1)).toEqual({
      primary: 100,
      canary: 0,
      mirror: true,
    });

    const shifted = await d.tick();
    expect(shifted).toMatchObject({ canaryWeight: 10, stepIndex: 1 });
    expect(d.analysis.hookTypes()).not.toContain('confirm-traffic-increase');
    // Traffic on the canary now: the mirror is off and the next rise is gated.
    expect(d.router.weights.mirror).toBeUndefined();
    expect((await d.tick()).canaryWeight).toBe(10);
    expect(d.analysis.hookTypes()).toContain('confirm-traffic-increase');
  });

  it('finalises: canary to 0, post-rollout hooks, the revision recorded as promoted', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('post-rollout', 'notify')] }),
    );
    await d.startRun('h1');
    await d.tickUntil(s => s.phase === 'Finalising', 'Finalising');
    expect(d.workloads.targetScale).toBe('up');
    expect(d.analysis.hookTypes()).not.toContain('post-rollout');

    const done = await d.tick();
    expect(done).toMatchObject({ phase: 'Succeeded', lastPromotedSpec: 'h1' });
    expect(d.workloads.targetScale).toBe('zero');
    expect(d.analysis.hookCalls.at(-1)).toMatchObject({
      type: 'post-rollout',
      phase: 'Succeeded',
    });
    expect(d.store.checks.at(-1)).toMatchObject({
      hookType: 'post-rollout',
      name: 'notify',
    });
    expect(d.runs()[0]).toMatchObject({
      result: 'Succeeded',
      message: 'Promotion completed',
      finishedAt: d.clock.now().toISOString(),
    });
  });
});
