import { ConflictError } from '@backstage/errors';
import { canarySpec, hook } from './__testUtils__/rolloutSpecs';
import { ID, TickDriver } from './__testUtils__/TickDriver';

describe('tick: manual controls', () => {
  it('aborts a run: rolled back, the run Aborted, the requests cleared', async () => {
    const d = new TickDriver(canarySpec());
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    expect(() => d.control('abort')).toThrow(
      new ConflictError(
        'Cannot abort rollout podinfo: it is Initialized, with no run to abort',
      ),
    );
    d.workloads.deploy('h1');
    await d.tickUntil(s => s.canaryWeight === 10, 'weight 10');

    d.control('abort');
    const aborted = await d.tick();
    expect(aborted).toMatchObject({
      phase: 'Failed',
      canaryWeight: 0,
      requests: {},
    });
    expect(d.messages()).toContain(`Rolling back ${ID} aborted by request`);
    expect(d.runs().at(-1)).toMatchObject({
      result: 'Aborted',
      message: `Rolling back ${ID} aborted by request`,
    });
    expect(d.workloads.targetScale).toBe('zero');
    expect(() => d.control('resume')).toThrow('it is not paused');
    expect(() => d.control('abort')).toThrow(
      'it is Failed, with no run to abort',
    );
  });

  it('retries a failed revision from step 0, through the start gate', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-rollout', 'approve')] }),
    );
    await d.startRun('h1');
    await d.tickUntil(s => s.canaryWeight === 20, 'weight 20');
    d.control('abort');
    const failed = await d.tick();
    expect(failed.phase).toBe('Failed');
    expect(() => d.control('promote')).toThrow(
      'it is Failed, with no run to promote',
    );

    d.analysis.answer('approve', 403);
    d.control('retry');
    expect((await d.tick()).phase).toBe('Waiting');
    expect(d.runs()).toHaveLength(1);
    d.analysis.answer('approve', 200);
    const retried = await d.tick();
    expect(retried).toMatchObject({
      phase: 'Progressing',
      lastAppliedSpec: 'h1',
      canaryWeight: 0,
      stepIndex: 0,
      failedChecks: 0,
      runId: 2,
    });
    expect(d.runs().map(r => [r.revision, r.result])).toEqual([
      ['h1', 'Aborted'],
      ['h1', 'Running'],
    ]);
    expect(() => d.control('retry')).toThrow(
      'only a Failed rollout can be retried; it is Progressing',
    );
  });

  it('pauses a run at its weight until resumed, then goes on where it stopped', async () => {
    const d = new TickDriver(canarySpec());
    await d.startRun();
    await d.tickUntil(s => s.canaryWeight === 10, 'weight 10');

    d.control('pause');
    expect(() => d.control('pause')).toThrow('it is already paused');
    const paused = await d.tick();
    expect(paused).toMatchObject({
      phase: 'Waiting',
      canaryWeight: 10,
      pause: { reason: 'manual pause' },
      message: `Paused ${ID} by request`,
    });
    const metrics = d.analysis.metricCalls.length;
    for (let i = 0; i < 3; i++)
      expect(await d.tick()).toMatchObject({
        phase: 'Waiting',
        canaryWeight: 10,
      });
    expect(d.analysis.metricCalls).toHaveLength(metrics);
    // A promote does not end a manual pause.
    d.control('promote');
    expect((await d.tick()).phase).toBe('Waiting');

    d.control('resume');
    const from = d.messages().length;
    const resumed = await d.tick();
    expect(resumed).toMatchObject({ phase: 'Progressing', canaryWeight: 20 });
    expect(d.messagesFrom(from)).toEqual([
      `Resumed ${ID} by request`,
      `Advance ${ID} canary weight 20`,
    ]);
  });

  it('promotes fully: remaining steps and checks skipped, the primary still awaited', async () => {
    const d = new TickDriver(canarySpec({ maxWeight: 50 }));
    await d.startRun();
    await d.tickUntil(s => s.canaryWeight === 10, 'weight 10');
    const metrics = d.analysis.metricCalls.length;

    d.control('promote-full');
    const promoting = await d.tick();
    expect(promoting).toMatchObject({
      phase: 'Promoting',
      canaryWeight: 10,
      requests: { promoteFull: false },
    });
    expect(d.messages().slice(-2)).toEqual([
      `Promoting ${ID} fully by request: remaining steps and analysis skipped`,
      `Copying ${ID} template spec to podinfo-primary.test`,
    ]);
    expect(d.analysis.metricCalls).toHaveLength(metrics);
    expect(() => d.control('promote')).toThrow(
      'its promotion is already under way',
    );
    expect(() => d.control('abort')).toThrow(
      'its promotion is already under way',
    );
    expect(() => d.control('pause')).toThrow(
      'only a run in analysis can be paused',
    );
    await d.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
    expect(d.workloads.primaryRevision?.hash).toBe('h1');
  });

  it('promotes fully from the start gate: the run starts without the gate and promotes on its next tick', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-rollout', 'approve')] }),
    );
    d.analysis.answer('approve', 403);
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.deploy('h1');
    expect((await d.tick()).phase).toBe('Waiting');

    d.control('promote-full');
    const started = await d.tick();
    expect(started).toMatchObject({
      phase: 'Progressing',
      requests: { promoteFull: true },
    });
    expect(d.analysis.hookTypes().filter(t => t === 'confirm-rollout')).toEqual(
      ['confirm-rollout'],
    );
    expect((await d.tick()).phase).toBe('Promoting');
  });

  it('lets one promote past one gate: a closed traffic-increase gate opens once', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-traffic-increase', 'more')] }),
    );
    d.analysis.answer('more', 403);
    await d.startRun();
    const held = await d.tick();
    expect(held).toMatchObject({ canaryWeight: 0, failedChecks: 0 });
    expect(held.message).toBe(
      `Halt ${ID} advancement waiting for traffic increase approval more`,
    );

    d.control('promote');
    expect((await d.tick()).canaryWeight).toBe(10);
    expect((await d.tick()).canaryWeight).toBe(10);
  });
});
