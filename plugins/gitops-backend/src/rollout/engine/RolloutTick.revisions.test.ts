import { canarySpec } from './__testUtils__/rolloutSpecs';
import { ID, TickDriver } from './__testUtils__/TickDriver';

describe('tick: what starts a run', () => {
  it('starts a run when only a tracked ConfigMap or Secret changed', async () => {
    const d = new TickDriver(canarySpec());
    d.workloads.deploy('h0', { 'configmap/podinfo': 'aaaa' });
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    expect(d.state.trackedConfigs).toEqual({ 'configmap/podinfo': 'aaaa' });
    expect((await d.tick()).phase).toBe('Initialized');

    d.workloads.deploy('h0', { 'configmap/podinfo': 'bbbb' });
    const started = await d.tick();
    expect(started).toMatchObject({
      phase: 'Progressing',
      lastAppliedSpec: 'h0',
      trackedConfigs: { 'configmap/podinfo': 'bbbb' },
    });
    expect(d.runs()).toEqual([
      expect.objectContaining({ revision: 'h0', result: 'Running' }),
    ]);
  });

  it('restarts a run when a Secret changes during it; key order alone is no change', async () => {
    const d = new TickDriver(canarySpec());
    d.workloads.deploy('h0', { 'configmap/a': '1', 'secret/b': '2' });
    await d.startRun('h1');
    await d.tick();
    d.workloads.deploy('h1', { 'secret/b': '2', 'configmap/a': '1' });
    expect((await d.tick()).canaryWeight).toBe(20);

    d.workloads.deploy('h1', { 'configmap/a': '1', 'secret/b': '3' });
    const restarted = await d.tick();
    expect(restarted).toMatchObject({ canaryWeight: 0, runId: 2 });
    expect(restarted.message).toBe(
      `New revision detected! Restarting analysis for ${ID}`,
    );
  });

  it('does nothing while suspended, and says so in one event while it lasts', async () => {
    const d = new TickDriver(canarySpec({}, { suspend: true }));
    await d.tick();
    const state = await d.tick();
    expect(state).toMatchObject({
      phase: '',
      message: 'skipping canary run as object is suspended',
    });
    expect(d.workloads.writes).toEqual([]);
    expect(d.router.history).toEqual([]);
    expect(d.store.events).toEqual([
      expect.objectContaining({
        type: 'Normal',
        message: 'skipping canary run as object is suspended',
      }),
    ]);
  });

  it('promotes at once with skipAnalysis, once the canary is ready', async () => {
    const d = new TickDriver(canarySpec({}, { skipAnalysis: true }));
    await d.startRun('h1');
    const done = await d.tick();
    expect(done).toMatchObject({ phase: 'Succeeded', lastPromotedSpec: 'h1' });
    expect(d.workloads.writes.slice(-2)).toEqual([
      'promote',
      'scaleTarget:zero',
    ]);
    expect(d.messages().slice(-2)).toEqual([
      `Copying ${ID} template spec to podinfo-primary.test`,
      `Promotion completed! Canary analysis was skipped for ${ID}`,
    ]);
    expect(d.runs()[0]).toMatchObject({
      result: 'Succeeded',
      message: 'Canary analysis was skipped',
    });
    expect(d.analysis.metricCalls).toEqual([]);
  });

  it('fails the tick when the target is gone', async () => {
    const d = new TickDriver(canarySpec());
    await d.tickUntil(s => s.phase === 'Initialized', 'Initialized');
    d.workloads.live = undefined;
    await expect(d.tick()).rejects.toThrow(`Deployment ${ID} not found`);
  });
});
