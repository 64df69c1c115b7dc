import { scaleDownDeadline } from '../replicas';
import { blueGreenDoc, specOf } from '../spec/__testUtils__/documents';
import { Simulator, T0 } from './__testUtils__/simulator';

describe('planArgoStep, old blue-green ReplicaSets', () => {
  const spec = (fields: Record<string, unknown> = {}) =>
    specOf(
      blueGreenDoc(
        {
          activeService: 'web-active',
          postPromotionAnalysis: { templates: [{ templateName: 'smoke' }] },
          ...fields,
        },
        { replicas: 3 },
      ),
    );

  /** h1, then h2 promoted (h1 waiting out its delay), then h3 active with its post-promotion run going. */
  const threeRevisions = (sim: Simulator, delaySeconds = 30) => {
    sim.settle().deploy('h2').settle();
    sim.setRun('web-h2-2-post', 'Successful').settle();
    expect(sim.status!.scaleDownDeadlines).toEqual({
      h1: scaleDownDeadline(new Date(T0), delaySeconds),
    });
    sim.advance(10).deploy('h3').settle();
    expect(sim.selectors.active).toBe('h3');
    expect(sim.runningRun('postPromotion')).toBe('web-h3-3-post');
    return sim.advance(30).settle();
  };

  it('keep their pods past the deadline while the post-promotion analysis runs', () => {
    const sim = threeRevisions(new Simulator(spec()));
    expect([
      sim.replicas('h3'),
      sim.replicas('h2'),
      sim.replicas('h1'),
    ]).toEqual([3, 3, 3]);
    // the run's outcome, not a clock, moves the rollout on
    expect(sim.nextTickAt).toBeUndefined();

    sim.setRun('web-h3-3-post', 'Successful').settle();
    expect(sim.status!.stableRS).toBe('h3');
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([3, 0]);
  });

  it('go at their deadline when scaleDownDelaySeconds is written', () => {
    const sim = threeRevisions(
      new Simulator(spec({ scaleDownDelaySeconds: 20 })),
      20,
    );
    expect([
      sim.replicas('h3'),
      sim.replicas('h2'),
      sim.replicas('h1'),
    ]).toEqual([3, 3, 0]);
  });
});
