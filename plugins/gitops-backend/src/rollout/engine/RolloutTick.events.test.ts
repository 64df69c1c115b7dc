import { rolling } from './__testUtils__/FakeWorkloads';
import { canarySpec, hook } from './__testUtils__/rolloutSpecs';
import { ID, TickDriver } from './__testUtils__/TickDriver';

/** The events recorded with `message`, as stored and as posted to the event hooks. */
function recorded(d: TickDriver, message: string) {
  return {
    stored: d.store.events.filter(e => e.message === message).map(e => e.type),
    posted: d.analysis.events
      .filter(e => e.message === message)
      .map(e => e.type),
  };
}

describe('tick: events, as Flagger records them', () => {
  it('records every failed check as its own event, also when its message repeats', async () => {
    const d = new TickDriver(canarySpec({ threshold: 3 }));
    await d.startRun();
    await d.tickUntil(s => s.canaryWeight === 10, 'weight 10');
    d.analysis.scriptMetrics('fail', 'fail');
    expect((await d.tick()).failedChecks).toBe(1);
    expect((await d.tick()).failedChecks).toBe(2);

    const halt = 'Halt advancement request-success-rate 91.20% < 99%';
    expect(recorded(d, halt)).toEqual({
      stored: ['Warning', 'Warning'],
      posted: ['Warning', 'Warning'],
    });
    expect(d.state.message).toBe(halt);
  });

  it('records a readiness wait on every tick, as a Warning', async () => {
    const d = new TickDriver(canarySpec());
    const primaryWait =
      'podinfo-primary.test not ready: waiting for rollout to finish';
    d.workloads.script('primary', [rolling(primaryWait), rolling(primaryWait)]);
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    expect(recorded(d, primaryWait)).toEqual({
      stored: ['Warning', 'Warning'],
      posted: ['Warning', 'Warning'],
    });

    d.workloads.deploy('h1');
    await d.tickUntil(s => s.phase === 'Progressing', 'Progressing');
    const canaryWait = `canary deployment ${ID} not ready: waiting for rollout to finish: 0 of 2 (readyThreshold 100%) updated replicas are available`;
    d.workloads.script('canary', [rolling(canaryWait), rolling(canaryWait)]);
    await d.tick();
    d.clock.advance(60_000);
    await d.tick();
    expect(recorded(d, canaryWait)).toEqual({
      stored: ['Warning', 'Warning'],
      posted: ['Warning', 'Warning'],
    });
  });

  it('records a closed confirm-traffic-increase gate on every tick, as a Warning', async () => {
    const d = new TickDriver(
      canarySpec({ webhooks: [hook('confirm-traffic-increase', 'more')] }),
    );
    await d.startRun();
    await d.tick();
    d.analysis.answer('more', 403);
    await d.tick();
    await d.tick();
    expect(
      recorded(
        d,
        `Halt ${ID} advancement waiting for traffic increase approval more`,
      ),
    ).toEqual({
      stored: ['Warning', 'Warning'],
      posted: ['Warning', 'Warning'],
    });
  });

  it('records a closed confirm-rollout or confirm-promotion gate once, when the wait begins, as a Warning', async () => {
    const d = new TickDriver(
      canarySpec({
        webhooks: [
          hook('confirm-rollout', 'start'),
          hook('confirm-promotion', 'release'),
        ],
      }),
    );
    d.analysis.answer('start', 403);
    d.analysis.answer('release', 403);
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.deploy('h1');
    for (let i = 0; i < 3; i++) expect((await d.tick()).phase).toBe('Waiting');
    expect(
      recorded(d, `Halt ${ID} advancement waiting for approval start`),
    ).toEqual({ stored: ['Warning'], posted: ['Warning'] });

    d.analysis.answer('start', 200);
    await d.tickUntil(s => s.phase === 'WaitingPromotion', 'WaitingPromotion');
    for (let i = 0; i < 2; i++)
      expect((await d.tick()).phase).toBe('WaitingPromotion');
    const waiting = `Halt ${ID} advancement waiting for promotion approval release`;
    expect(recorded(d, waiting)).toEqual({
      stored: ['Warning'],
      posted: ['Warning'],
    });
    expect(d.state.message).toBe(waiting);
  });

  it("records an alert its provider's configuration kept from being sent, keeping the status message", async () => {
    const d = new TickDriver(canarySpec());
    const problem =
      'Alert pager not sent: AlertProvider on-call.test is invalid: spec.address: must be an http or https URL';
    d.analysis.alertProblems = [problem];
    const initialized = await d.tick();
    expect(initialized).toMatchObject({
      phase: 'Initialized',
      message: `Initialization done! ${ID}`,
    });
    expect(recorded(d, problem)).toEqual({
      stored: ['Warning'],
      posted: ['Warning'],
    });
  });
});
