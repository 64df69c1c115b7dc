import { READY, rolling } from './__testUtils__/FakeWorkloads';
import { canarySpec } from './__testUtils__/rolloutSpecs';
import { ID, TickDriver } from './__testUtils__/TickDriver';

const DEADLINE_MS = 120_000;
const updating = `canary deployment ${ID} not ready: waiting for rollout to finish: 1 out of 2 new replicas have been updated`;

describe('tick: readiness waits', () => {
  it('waits for a starting canary, ticking on, and forgets the wait once it is ready', async () => {
    const d = new TickDriver(canarySpec());
    await d.startRun();
    d.workloads.script('canary', [rolling(updating), rolling(updating)]);
    const waiting = await d.tick();
    expect(waiting).toMatchObject({
      phase: 'Progressing',
      canaryWeight: 0,
      message: updating,
      waitingSince: d.clock.now().toISOString(),
    });
    d.clock.advance(60_000);
    expect((await d.tick()).waitingSince).toBe(waiting.waitingSince);
    // As in Flagger, each tick that waits says so, as a warning.
    expect(
      d.store.events.filter(e => e.message === updating).map(e => e.type),
    ).toEqual(['Warning', 'Warning']);
    const ready = await d.tick();
    expect(ready).toMatchObject({ canaryWeight: 10, waitingSince: undefined });
  });

  it('rolls back a canary still not ready past progressDeadlineSeconds', async () => {
    const d = new TickDriver(canarySpec());
    await d.startRun();
    d.workloads.script('canary', [], rolling(updating));
    await d.tick();
    d.clock.advance(DEADLINE_MS);
    expect((await d.tick()).phase).toBe('Progressing');
    d.clock.advance(1);
    const failed = await d.tick();
    expect(failed).toMatchObject({ phase: 'Failed', waitingSince: undefined });
    const reason = `Rolling back ${ID} ${updating} (progress deadline of 120s exceeded)`;
    expect(d.messages().slice(-2)).toEqual([
      reason,
      `Canary failed! Scaling down ${ID}`,
    ]);
    expect(d.runs()[0]).toMatchObject({ result: 'Failed', message: reason });
  });

  it('rolls back at once when the canary will not get ready by waiting', async () => {
    const d = new TickDriver(canarySpec());
    await d.startRun();
    d.workloads.script('canary', [
      {
        ready: false,
        retriable: false,
        message: `canary deployment ${ID} not ready: progress deadline exceeded`,
      },
    ]);
    const failed = await d.tick();
    expect(failed.phase).toBe('Failed');
    expect(d.messages()).toContain(
      `Rolling back ${ID} canary deployment ${ID} not ready: progress deadline exceeded`,
    );
  });

  it('fails a promotion whose primary does not get ready: the canary keeps serving all traffic', async () => {
    const d = new TickDriver(canarySpec());
    await d.startRun();
    await d.tickUntil(s => s.phase === 'Promoting', 'Promoting');
    const primaryStuck = rolling(
      `podinfo-primary.test not ready: waiting for rollout to finish: 1 old replicas are pending termination`,
    );
    d.workloads.script('primary', [], primaryStuck);
    expect((await d.tick()).phase).toBe('Promoting');
    d.clock.advance(DEADLINE_MS + 1);
    const failed = await d.tick();
    const message = `Promotion of ${ID} failed, primary not ready: ${primaryStuck.message} (progress deadline of 120s exceeded)`;
    expect(failed).toMatchObject({
      phase: 'Failed',
      canaryWeight: 100,
      message,
      waitingSince: undefined,
    });
    expect(d.router.weights).toEqual({ primary: 0, canary: 100 });
    expect(d.workloads.targetScale).toBe('up');
    expect(d.runs()[0]).toMatchObject({ result: 'Failed', message });
    expect(d.analysis.alerts.at(-1)).toEqual({ severity: 'error', message });
    expect(d.analysis.hookTypes().at(-1)).toBe('post-rollout');
  });

  it('does not wait for the canary once traffic is back on the primary', async () => {
    const d = new TickDriver(canarySpec());
    await d.startRun();
    await d.tickUntil(s => s.phase === 'Finalising', 'Finalising');
    d.workloads.script('canary', [], {
      ready: false,
      retriable: false,
      message: 'gone',
    });
    expect((await d.tick()).phase).toBe('Succeeded');
  });

  it('reports an initialisation whose primary never gets ready, without giving up', async () => {
    const d = new TickDriver(canarySpec());
    const message =
      'podinfo-primary.test not ready: waiting for rollout to finish';
    d.workloads.script('primary', [], rolling(message));
    expect((await d.tick()).message).toBe(message);
    d.clock.advance(DEADLINE_MS + 1);
    const stuck = await d.tick();
    expect(stuck).toMatchObject({
      phase: 'Initializing',
      message: `Initialization of ${ID} is stuck: ${message}`,
    });
    expect(d.store.events.at(-1)?.type).toBe('Warning');
    d.workloads.script('primary', [], READY);
    expect((await d.tick()).phase).toBe('Initialized');
  });
});
