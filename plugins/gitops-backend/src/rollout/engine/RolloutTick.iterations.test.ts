import { canarySpec, hook } from './__testUtils__/rolloutSpecs';
import { ID, TickDriver } from './__testUtils__/TickDriver';

const match = [{ headers: { 'X-Canary': { exact: 'insider' } } }];

describe('tick: iteration strategies', () => {
  it('runs blue/green: iterations with no traffic on the canary, then all of it, then promotion at once', async () => {
    const d = new TickDriver(
      canarySpec(
        { iterations: 2, stepWeightPromotion: 10 },
        { provider: 'kubernetes' },
      ),
    );
    expect(d.rollout.target.spec.strategy).toBe('blueGreen');
    await d.startRun();
    const states = await d.ticksWhile(s => s.phase === 'Progressing');
    expect(states.map(s => [s.phase, s.iterations, s.canaryWeight])).toEqual([
      ['Progressing', 1, 0],
      ['Progressing', 2, 0],
      ['Progressing', 3, 100],
      ['Promoting', 3, 100],
    ]);
    expect(await d.tick()).toMatchObject({
      phase: 'Finalising',
      canaryWeight: 0,
    });
    expect((await d.tick()).phase).toBe('Succeeded');
    expect(d.router.canaryWeights()).toEqual(['0', '100', '0']);
    const messages = d.messages();
    expect(
      messages.slice(messages.indexOf(`Starting canary analysis for ${ID}`)),
    ).toEqual([
      `Starting canary analysis for ${ID}`,
      `Advance ${ID} canary iteration 1/2`,
      `Advance ${ID} canary iteration 2/2`,
      'Routing all traffic to canary',
      `Copying ${ID} template spec to podinfo-primary.test`,
      'Routing all traffic to primary',
      `Promotion completed! Scaling down ${ID}`,
    ]);
    expect(d.runs()[0].strategy).toBe('blueGreen');
  });

  it('switches blue/green traffic only through the promotion gate', async () => {
    const d = new TickDriver(
      canarySpec(
        { iterations: 1, webhooks: [hook('confirm-promotion', 'go')] },
        { provider: 'kubernetes' },
      ),
    );
    d.analysis.answer('go', 403);
    await d.startRun();
    expect((await d.tick()).iterations).toBe(1);
    expect(await d.tick()).toMatchObject({
      phase: 'WaitingPromotion',
      canaryWeight: 0,
      iterations: 1,
    });
    d.analysis.answer('go', 200);
    expect(await d.tick()).toMatchObject({
      phase: 'Progressing',
      canaryWeight: 100,
      iterations: 2,
    });
    // Already switched: the next passing tick promotes without asking again.
    const gates = d.analysis.hookTypes().length;
    expect((await d.tick()).phase).toBe('Promoting');
    expect(d.analysis.hookTypes().slice(gates)).toEqual(['rollout']);
  });

  it('rolls a failing blue/green back to the primary', async () => {
    const d = new TickDriver(
      canarySpec({ iterations: 3, threshold: 1 }, { provider: 'kubernetes' }),
    );
    await d.startRun();
    await d.tick();
    d.analysis.scriptMetrics('fail');
    expect((await d.tick()).failedChecks).toBe(1);
    expect(await d.tick()).toMatchObject({ phase: 'Failed', iterations: 0 });
    expect(d.router.weights).toEqual({ primary: 100, canary: 0 });
  });

  it('mirrors live traffic to the canary from the first iteration of a mirroring blue/green', async () => {
    const d = new TickDriver(canarySpec({ iterations: 2, mirror: true }));
    expect(d.rollout.target.spec.strategy).toBe('mirroring');
    await d.startRun();
    const first = await d.tick();
    expect(first).toMatchObject({
      iterations: 1,
      mirrored: true,
      canaryWeight: 0,
    });
    expect(d.router.history).toEqual([
      { primary: 100, canary: 0 },
      { primary: 100, canary: 0, mirror: true },
    ]);
    expect(d.messages().slice(-2)).toEqual([
      'Start traffic mirroring',
      `Advance ${ID} canary iteration 1/2`,
    ]);
    expect((await d.tick()).iterations).toBe(2);
    const switched = await d.tick();
    expect(switched).toMatchObject({ canaryWeight: 100, mirrored: true });
    expect(d.router.weights).toEqual({ primary: 0, canary: 100 });
    await d.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
    expect(d.state.mirrored).toBe(false);
  });

  it('runs an A/B test: matching requests to the canary every iteration, then promotion through the gate', async () => {
    const d = new TickDriver(
      canarySpec({
        iterations: 2,
        match,
        stepWeightPromotion: 10,
        webhooks: [hook('confirm-promotion', 'go')],
      }),
    );
    expect(d.rollout.target.spec.strategy).toBe('abTesting');
    d.analysis.answer('go', 403);
    await d.startRun();
    expect(await d.tick()).toMatchObject({ iterations: 1, canaryWeight: 100 });
    expect(await d.tick()).toMatchObject({ iterations: 2, canaryWeight: 100 });
    expect(d.router.canaryWeights()).toEqual(['0', '100', '100']);
    expect((await d.tick()).phase).toBe('WaitingPromotion');
    d.analysis.answer('go', 200);
    expect((await d.tick()).phase).toBe('Promoting');
    // The whole split returns at once, whatever stepWeightPromotion says.
    expect(await d.tick()).toMatchObject({ phase: 'Finalising' });
    expect(d.router.weights).toEqual({ primary: 100, canary: 0 });
    expect((await d.tick()).phase).toBe('Succeeded');
    expect(d.messages()).toEqual(
      expect.arrayContaining([
        `Advance ${ID} canary iteration 1/2`,
        `Advance ${ID} canary iteration 2/2`,
      ]),
    );
    expect(d.runs()[0].strategy).toBe('abTesting');
  });
});
