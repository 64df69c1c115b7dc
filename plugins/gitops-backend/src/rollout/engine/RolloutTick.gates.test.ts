import { canarySpec, hook } from './__testUtils__/rolloutSpecs';
import { ID, TickDriver } from './__testUtils__/TickDriver';

describe('tick: gates and hooks', () => {
  it('holds a new revision at a closed confirm-rollout gate, asking every tick, and starts the live revision once open', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-rollout', 'approve-start')] }),
    );
    d.analysis.answer('approve-start', 403);
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.deploy('h1');

    const waiting = await d.tick();
    expect(waiting).toMatchObject({
      phase: 'Waiting',
      pause: { reason: 'approval' },
      lastAppliedSpec: 'h1',
      message: `Halt ${ID} advancement waiting for approval approve-start`,
    });
    expect(d.workloads.targetScale).toBe('zero');
    d.workloads.deploy('h2');
    expect((await d.tick()).phase).toBe('Waiting');
    expect(d.analysis.hookTypes()).toEqual([
      'confirm-rollout',
      'confirm-rollout',
    ]);
    expect(d.runs()).toEqual([]);

    d.analysis.answer('approve-start', 200);
    const started = await d.tick();
    expect(started).toMatchObject({
      phase: 'Progressing',
      lastAppliedSpec: 'h2',
      pause: undefined,
    });
    expect(d.runs()).toEqual([
      expect.objectContaining({ revision: 'h2', result: 'Running' }),
    ]);
    expect(d.workloads.targetScale).toBe('up');
    // The alert is sent once, when the wait begins.
    expect(
      d.analysis.alerts.filter(
        a => a.message === 'Canary is waiting for approval.',
      ),
    ).toHaveLength(1);
  });

  it('lets a promote through the start gate without asking it', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-rollout', 'approve-start')] }),
    );
    d.analysis.answer('approve-start', 403);
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.deploy('h1');
    await d.tick();
    d.control('promote');
    expect((await d.tick()).phase).toBe('Progressing');
    expect(d.analysis.hookTypes()).toEqual(['confirm-rollout']);
  });

  it('keeps the weight at a closed confirm-traffic-increase gate without counting a failure', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-traffic-increase', 'more')] }),
    );
    await d.startRun();
    expect((await d.tick()).canaryWeight).toBe(10);
    d.analysis.answer('more', 403);
    for (let i = 0; i < 2; i++)
      expect(await d.tick()).toMatchObject({
        canaryWeight: 10,
        failedChecks: 0,
        phase: 'Progressing',
      });
    expect(d.analysis.alerts.at(-1)).toEqual({
      severity: 'warn',
      message: 'Canary traffic increase is waiting for approval.',
    });
    d.analysis.answer('more', 200);
    expect((await d.tick()).canaryWeight).toBe(20);
  });

  it('waits in WaitingPromotion at a closed confirm-promotion gate, still analysing, and promotes once open', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-promotion', 'release-manager')] }),
    );
    d.analysis.answer('release-manager', 403);
    await d.startRun();
    const held = await d.tickUntil(
      s => s.phase === 'WaitingPromotion',
      'WaitingPromotion',
    );
    expect(held).toMatchObject({
      canaryWeight: 30,
      message: `Halt ${ID} advancement waiting for promotion approval release-manager`,
    });
    const metrics = d.analysis.metricCalls.length;
    expect((await d.tick()).phase).toBe('WaitingPromotion');
    expect(d.analysis.metricCalls).toHaveLength(metrics + 1);
    expect(
      d.analysis.alerts.filter(
        a => a.message === 'Canary promotion is waiting for approval.',
      ),
    ).toHaveLength(1);

    d.analysis.answer('release-manager', 200);
    expect((await d.tick()).phase).toBe('Promoting');
    const statuses = d.store.checks
      .filter(c => c.hookType === 'confirm-promotion')
      .map(c => c.status);
    expect(statuses).toEqual([403, 403, 200]);
  });

  it('rolls back a canary that degrades while waiting for promotion', async () => {
    const d = new TickDriver(
      canarySpec({
        threshold: 1,
        webhooks: [hook('confirm-promotion', 'release-manager')],
      }),
    );
    d.analysis.answer('release-manager', 403);
    await d.startRun();
    await d.tickUntil(s => s.phase === 'WaitingPromotion', 'WaitingPromotion');
    d.analysis.scriptMetrics('fail');
    expect((await d.tick()).failedChecks).toBe(1);
    expect((await d.tick()).phase).toBe('Failed');
  });

  it('runs the pre-rollout hooks once per run, at weight 0; a failure counts and is retried', async () => {
    const d = new TickDriver(
      canarySpec({
        threshold: 3,
        webhooks: [hook('pre-rollout', 'load-test'), hook('rollout', 'smoke')],
      }),
    );
    d.analysis.answer('load-test', 500);
    await d.startRun();
    const failed = await d.tick();
    expect(failed).toMatchObject({
      canaryWeight: 0,
      failedChecks: 1,
      preRolloutDone: false,
      message: `Halt ${ID} advancement pre-rollout check load-test failed status 500`,
    });
    d.analysis.answer('load-test', 202);
    expect(await d.tick()).toMatchObject({
      canaryWeight: 10,
      preRolloutDone: true,
    });
    await d.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
    const types = d.analysis.hookTypes();
    expect(types.filter(t => t === 'pre-rollout')).toHaveLength(2);
    // The rollout hooks run on every tick with traffic, before the metrics.
    expect(types.filter(t => t === 'rollout')).toHaveLength(3);
    expect(d.store.checks.map(c => `${c.kind}:${c.name}`)).toEqual([
      'webhook:load-test',
      'webhook:load-test',
      'webhook:smoke',
      'metric:request-success-rate',
      'webhook:smoke',
      'metric:request-success-rate',
      'webhook:smoke',
      'metric:request-success-rate',
    ]);
  });

  it('counts a failed rollout hook as a failed check, without running the metrics', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('rollout', 'smoke')] }),
    );
    await d.startRun();
    await d.tick();
    d.analysis.answer('smoke', 500);
    const metrics = d.analysis.metricCalls.length;
    expect(await d.tick()).toMatchObject({
      failedChecks: 1,
      canaryWeight: 10,
      message: `Halt ${ID} advancement external check smoke failed status 500`,
    });
    expect(d.analysis.metricCalls).toHaveLength(metrics);
  });

  it('rolls back when a rollback hook answers 2xx, and not before; never while promoting', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('rollback', 'stop-switch')] }),
    );
    d.analysis.answer('stop-switch', 404);
    await d.startRun();
    expect((await d.tick()).canaryWeight).toBe(10);
    d.analysis.answer('stop-switch', 200);
    const failed = await d.tick();
    expect(failed).toMatchObject({ phase: 'Failed', canaryWeight: 0 });
    expect(d.messages()).toContain(`Rolling back ${ID} manual webhook invoked`);
    expect(d.runs()[0].result).toBe('Failed');
    // Its answers are a switch, not checks of the run.
    expect(d.store.checks.filter(c => c.hookType === 'rollback')).toEqual([]);

    d.analysis.answer('stop-switch', 404);
    d.workloads.deploy('h2');
    await d.tickUntil(s => s.phase === 'Promoting', 'Promoting');
    d.analysis.answer('stop-switch', 200);
    const calls = d.analysis.hookTypes().length;
    await d.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
    expect(d.analysis.hookTypes().slice(calls)).toEqual(['post-rollout']);
  });

  it('sends webhooks the phase and a checksum that tells revisions apart', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-rollout', 'approve')] }),
    );
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.deploy('h1');
    await d.tick();
    d.control('abort');
    await d.tick();
    d.workloads.deploy('h2');
    await d.tick();
    const gates = d.analysis.hookCalls.filter(
      c => c.type === 'confirm-rollout',
    );
    expect(gates.map(c => c.phase)).toEqual(['Initialized', 'Failed']);
    expect(gates[0].checksum).toMatch(/^[0-9a-f]{16}$/);
    expect(gates[0].checksum).not.toBe(gates[1].checksum);
  });

  it('alerts at initialisation, at each closed gate and at the end of a run', async () => {
    const d = new TickDriver(
      canarySpec({
        webhooks: [
          hook('confirm-rollout', 'start'),
          hook('confirm-traffic-increase', 'more'),
          hook('confirm-promotion', 'release'),
        ],
      }),
    );
    for (const name of ['start', 'more', 'release'])
      d.analysis.answer(name, 403);
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.deploy('h1');
    await d.tick();
    d.analysis.answer('start', 200);
    await d.tick();
    await d.tick();
    d.analysis.answer('more', 200);
    await d.tickUntil(s => s.phase === 'WaitingPromotion', 'WaitingPromotion');
    d.analysis.answer('release', 200);
    await d.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
    d.workloads.deploy('h2');
    await d.tickUntil(s => s.canaryWeight === 10, 'weight 10');
    d.control('abort');
    await d.tick();

    expect(d.analysis.alerts).toEqual([
      {
        severity: 'info',
        message: 'New Deployment detected, initialization completed.',
      },
      // Flagger's words, as warnings (scheduler_hooks.go).
      { severity: 'warn', message: 'Canary is waiting for approval.' },
      {
        severity: 'warn',
        message: 'Canary traffic increase is waiting for approval.',
      },
      {
        severity: 'warn',
        message: 'Canary promotion is waiting for approval.',
      },
      {
        severity: 'info',
        message: 'Canary analysis completed successfully, promotion finished.',
      },
      { severity: 'error', message: `Rolling back ${ID} aborted by request` },
    ]);
  });
  it('sends no waiting alert for a gate whose hook sets muteAlert, and still records the halt', async () => {
    const d = new TickDriver(
      canarySpec({
        webhooks: [{ ...hook('confirm-rollout', 'start'), muteAlert: true }],
      }),
    );
    d.analysis.answer('start', 403);
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.deploy('h1');
    expect(await d.tick()).toMatchObject({
      phase: 'Waiting',
      message: `Halt ${ID} advancement waiting for approval start`,
    });
    expect(d.analysis.alerts.map(a => a.message)).toEqual([
      'New Deployment detected, initialization completed.',
    ]);
  });
});
