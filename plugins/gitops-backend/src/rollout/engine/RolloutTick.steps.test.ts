import { parseRolloutDocument } from '../spec';
import type { RolloutSpec } from '../spec';
import { steppedSpec } from './__testUtils__/rolloutSpecs';
import { ID, TickDriver } from './__testUtils__/TickDriver';

/** A Slipway Rollout with steps and no `analysis` at all. */
function stepsOnly(steps: Array<Record<string, unknown>>): RolloutSpec {
  const { spec, errors } = parseRolloutDocument({
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      provider: 'istio',
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898 },
      steps,
    },
  });
  if (!spec) throw new Error(errors.join('; '));
  return spec;
}

describe('tick: explicit steps', () => {
  it('runs the steps of a rollout without analysis, with no checks, instead of promoting at once', async () => {
    const d = new TickDriver(stepsOnly([{ setWeight: 20 }, { pause: {} }]));
    await d.startRun();
    expect((await d.tick()).canaryWeight).toBe(20);
    expect(await d.tick()).toMatchObject({
      phase: 'Waiting',
      canaryWeight: 20,
      stepIndex: 1,
    });
  });

  it('holds a pause step without a duration until someone promotes, then finishes the steps', async () => {
    const d = new TickDriver(
      steppedSpec([{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }]),
    );
    expect(d.rollout.target.spec.strategy).toBe('steps');
    await d.startRun();
    expect((await d.tick()).canaryWeight).toBe(20);
    const paused = await d.tick();
    expect(paused).toMatchObject({
      phase: 'Waiting',
      canaryWeight: 20,
      stepIndex: 1,
      pause: { reason: 'pause step', until: undefined },
      message: `Paused ${ID} at step 2: waiting for a manual promote`,
    });
    for (let i = 0; i < 3; i++) {
      d.clock.advance(3_600_000);
      expect(await d.tick()).toMatchObject({
        phase: 'Waiting',
        canaryWeight: 20,
      });
    }

    d.control('promote');
    expect(d.state.phase).toBe('Waiting');
    const from = d.messages().length;
    const resumed = await d.tick();
    expect(resumed).toMatchObject({
      phase: 'Progressing',
      canaryWeight: 50,
      stepIndex: 3,
    });
    expect(d.messagesFrom(from)).toEqual([
      `Resumed ${ID} after pause step by promote`,
      `Advance ${ID} canary weight 50`,
    ]);
    expect((await d.tick()).phase).toBe('Promoting');
    // Explicit steps hand traffic back at once.
    expect((await d.tick()).phase).toBe('Finalising');
    expect((await d.tick()).phase).toBe('Succeeded');
  });

  it('ends a timed pause when it is due, and a promote ends it early', async () => {
    const d = new TickDriver(
      steppedSpec([
        { setWeight: 10 },
        { pause: { duration: '10m' } },
        { setWeight: 20 },
        { pause: { duration: 600 } },
        { setWeight: 30 },
      ]),
    );
    await d.startRun();
    await d.tick();
    const paused = await d.tick();
    const until = new Date(d.clock.now().getTime() + 600_000).toISOString();
    expect(paused).toMatchObject({
      phase: 'Waiting',
      pause: { reason: 'pause step', until },
      message: `Paused ${ID} at step 2 until ${until}`,
    });
    d.clock.advance(599_999);
    expect((await d.tick()).phase).toBe('Waiting');
    d.clock.advance(1);
    expect(await d.tick()).toMatchObject({
      phase: 'Progressing',
      canaryWeight: 20,
    });
    expect(d.messages()).toContain(`Resumed ${ID} after pause step`);

    expect((await d.tick()).phase).toBe('Waiting');
    d.control('promote');
    expect(await d.tick()).toMatchObject({
      phase: 'Progressing',
      canaryWeight: 30,
    });
    expect(d.messages()).toContain(`Resumed ${ID} after pause step by promote`);
  });

  it('skips setCanaryScale with a warning', async () => {
    const d = new TickDriver(
      steppedSpec([{ setCanaryScale: { replicas: 3 } }, { setWeight: 40 }]),
    );
    await d.startRun();
    const skipped = await d.tick();
    expect(skipped).toMatchObject({ stepIndex: 1, canaryWeight: 0 });
    expect(skipped.message).toBe(
      `Step 1 setCanaryScale of ${ID} skipped: the canary keeps the primary's replicas`,
    );
    expect(d.store.events.at(-1)?.type).toBe('Warning');
    expect((await d.tick()).canaryWeight).toBe(40);
  });

  it('runs a step analysis once with its templates: pass goes on, inconclusive waits, failure rolls back', async () => {
    const steps = [
      { setWeight: 10 },
      { analysis: { templates: [{ templateName: 'error-budget' }] } },
      { setWeight: 20 },
      { analysis: { templates: [{ templateName: 'latency' }] } },
      { analysis: { templates: [{ templateName: 'saturation' }] } },
    ];
    const d = new TickDriver(steppedSpec(steps));
    await d.startRun();
    await d.tick();
    expect(await d.tick()).toMatchObject({ stepIndex: 2, canaryWeight: 10 });
    expect(d.analysis.metricCalls.at(-1)).toEqual(['error-budget']);
    expect(d.messages()).toContain(`Step-based analysis of ${ID} passed`);
    expect(d.store.checks.at(-1)).toMatchObject({ name: 'error-budget' });

    await d.tick();
    d.analysis.scriptMetrics('pass', 'inconclusive');
    const waiting = await d.tick();
    expect(waiting).toMatchObject({
      phase: 'Waiting',
      stepIndex: 3,
      pause: { reason: 'inconclusive analysis' },
      message: `Step-based analysis of ${ID} inconclusive: no values found for latency; paused until promoted`,
    });
    d.control('promote');
    // Promoted past the hold, the step runs again and passes.
    expect((await d.tick()).stepIndex).toBe(4);

    d.analysis.scriptMetrics('pass', 'fail');
    const failed = await d.tick();
    expect(failed.phase).toBe('Failed');
    expect(d.messages()).toContain(
      'Step-based analysis phase failed: Halt advancement saturation 91.20% < 99%',
    );
  });
});
