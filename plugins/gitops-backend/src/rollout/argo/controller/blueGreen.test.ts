import { scaleDownDeadline } from '../replicas';
import { blueGreenDoc, specOf } from '../spec/__testUtils__/documents';
import { Simulator, T0 } from './__testUtils__/simulator';
import { planArgoStep } from './plan';

const template = (name: string) => ({ templates: [{ templateName: name }] });

const blueGreen = (fields: Record<string, unknown> = {}) =>
  specOf(
    blueGreenDoc(
      {
        activeService: 'web-active',
        previewService: 'web-preview',
        ...fields,
      },
      { replicas: 3 },
    ),
  );

describe('planArgoStep, blue-green', () => {
  it('first revision: active and preview select it once it is available', () => {
    const sim = new Simulator(blueGreen()).settle();
    expect(sim.selectors).toEqual({ active: 'h1', preview: 'h1' });
    expect(sim.replicas('h1')).toBe(3);
    expect(sim.status).toMatchObject({
      stableRS: 'h1',
      blueGreen: { activeSelector: 'h1', previewSelector: 'h1' },
      phase: 'Healthy',
    });
    expect(sim.takeEvents()).toEqual(
      expect.arrayContaining([
        "SwitchService: Switched selector for service 'web-preview' from '' to 'h1'",
        "SwitchService: Switched selector for service 'web-active' from '' to 'h1'",
        'RolloutCompleted: Rollout completed update to revision 1 (h1): Initial deploy',
      ]),
    );
  });

  it('autoPromotionEnabled: false waits for promote, switches active, scales the old stack down after scaleDownDelaySeconds', () => {
    const sim = new Simulator(
      blueGreen({ autoPromotionEnabled: false }),
    ).settle();
    sim.takeEvents();

    sim.deploy('h2').tick();
    // the preview Service follows the new ReplicaSet at once
    expect(sim.selectors).toEqual({ active: 'h1', preview: 'h2' });
    expect(sim.phase).toBe('Progressing: more replicas need to be updated');
    sim.settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([3, 3]);
    expect(sim.status).toMatchObject({
      controllerPause: true,
      pauseConditions: [{ reason: 'BlueGreenPause' }],
      blueGreen: { activeSelector: 'h1', previewSelector: 'h2' },
    });
    expect(sim.phase).toBe('Paused: BlueGreenPause');
    expect(sim.takeEvents()).toContain(
      'RolloutPaused: Rollout is paused (BlueGreenPause)',
    );

    sim.advance(3600).settle();
    expect(sim.selectors.active).toBe('h1');

    const promotedAt = sim.now;
    sim.request('promote').settle();
    expect(sim.selectors).toEqual({ active: 'h2', preview: 'h2' });
    expect(sim.status).toMatchObject({
      stableRS: 'h2',
      controllerPause: false,
      pauseConditions: [],
      phase: 'Healthy',
      // Argo's annotation value: RFC 3339, whole seconds
      scaleDownDeadlines: { h1: scaleDownDeadline(new Date(promotedAt), 30) },
    });
    expect(sim.takeEvents()).toEqual(
      expect.arrayContaining([
        "SwitchService: Switched selector for service 'web-active' from 'h1' to 'h2'",
        'RolloutCompleted: Rollout completed update to revision 2 (h2): Completed blue-green update',
      ]),
    );
    expect(sim.replicas('h1')).toBe(3);
    expect(sim.nextTickAt).toBe(promotedAt + 30_000);

    sim.advance(30).settle();
    expect(sim.replicas('h1')).toBe(0);
    expect(sim.status!.scaleDownDeadlines).toEqual({});
  });

  it('promotes only a ReplicaSet that recorded the rollout’s replicas (IsSaturated)', () => {
    const sim = new Simulator(
      blueGreen({ autoPromotionEnabled: false }),
    ).settle();
    sim.deploy('h2').settle();
    const promote = (desiredReplicas: number | undefined) =>
      planArgoStep(
        sim.spec,
        sim.status,
        {
          podTemplateHash: 'h2',
          replicaSets: [...sim.replicaSets.values()].map(rs =>
            rs.podTemplateHash === 'h2' ? { ...rs, desiredReplicas } : rs,
          ),
          analysisRuns: {},
          requests: ['promote'],
        },
        sim.now,
      ).status.blueGreen.activeSelector;
    expect(promote(3)).toBe('h2');
    // scaled for another spec.replicas, or not by a rollout: not saturated
    expect(promote(5)).toBe('h1');
    expect(promote(undefined)).toBe('h1');
  });

  it('autoPromotionSeconds promotes on its own after the delay', () => {
    const sim = new Simulator(blueGreen({ autoPromotionSeconds: 20 })).settle();
    sim.deploy('h2').settle();
    expect(sim.phase).toBe('Paused: BlueGreenPause');
    expect(sim.nextTickAt).toBe(T0 + 20_000);
    sim.advance(19).settle();
    expect(sim.selectors.active).toBe('h1');
    sim.advance(1).settle();
    expect(sim.selectors.active).toBe('h2');
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
  });

  it('previewReplicaCount: a small preview, scaled up once resumed, before the switch', () => {
    const sim = new Simulator(
      blueGreen({ autoPromotionEnabled: false, previewReplicaCount: 1 }),
    ).settle();
    sim.deploy('h2').settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([1, 3]);
    expect(sim.phase).toBe('Paused: BlueGreenPause');
    sim.request('promote').settle();
    expect(sim.replicas('h2')).toBe(3);
    expect(sim.selectors.active).toBe('h2');
    expect(sim.status).toMatchObject({
      stableRS: 'h2',
      phase: 'Healthy',
      blueGreen: { scaleUpPreviewCheckPoint: false },
    });
  });

  it('a failed prePromotionAnalysis aborts: active stays on the old stack, preview scaled down after the abort delay', () => {
    const sim = new Simulator(
      blueGreen({ prePromotionAnalysis: template('smoke') }),
    ).settle();
    sim.deploy('h2').settle();
    const run = sim.runningRun('prePromotion');
    expect(run).toBe('web-h2-2-pre');
    expect(sim.status!.blueGreen.prePromotionAnalysisRunStatus).toEqual({
      name: run,
      status: 'Running',
    });
    expect(sim.phase).toBe('Progressing: active service cutover pending');

    const failedAt = sim.now;
    sim.setRun(run, 'Failed', 'smoke failed').settle();
    expect(sim.status).toMatchObject({ abort: true });
    expect(sim.phase).toBe(
      'Degraded: RolloutAborted: Rollout aborted update to revision 2: smoke failed',
    );
    expect(sim.selectors).toEqual({ active: 'h1', preview: 'h2' });
    expect(sim.replicas('h2')).toBe(3);
    expect(sim.status!.scaleDownDeadlines.h2).toBe(
      scaleDownDeadline(new Date(failedAt), 30),
    );
    sim.advance(30).settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([0, 3]);
    expect(sim.selectors.active).toBe('h1');
  });

  it('retry after a failed prePromotionAnalysis runs the analysis again (not Argo’s re-abort, #2824)', () => {
    const sim = new Simulator(
      blueGreen({ prePromotionAnalysis: template('smoke') }),
    ).settle();
    sim.deploy('h2').settle();
    sim.setRun('web-h2-2-pre', 'Failed', 'smoke failed').settle();
    sim.advance(30).settle();
    expect(sim.replicas('h2')).toBe(0);

    sim.request('retry').settle();
    expect(sim.status!.abort).toBe(false);
    expect(sim.replicas('h2')).toBe(3);
    expect(sim.runningRun('prePromotion')).toBe('web-h2-2-pre.1');
    expect(sim.phase).toBe('Progressing: active service cutover pending');
    sim.setRun('web-h2-2-pre.1', 'Successful').settle();
    expect(sim.selectors.active).toBe('h2');
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
  });

  it('a user abort during the pause keeps the old stack active', () => {
    const sim = new Simulator(
      blueGreen({ autoPromotionEnabled: false }),
    ).settle();
    sim.deploy('h2').settle();
    sim.request('abort').settle();
    expect(sim.selectors).toEqual({ active: 'h1', preview: 'h2' });
    expect(sim.status).toMatchObject({ abort: true, pauseConditions: [] });
    sim.advance(30).settle();
    expect([sim.replicas('h2'), sim.replicas('h1')]).toEqual([0, 3]);
  });

  it('a successful prePromotionAnalysis is followed by the pause, then promotion', () => {
    const sim = new Simulator(
      blueGreen({
        prePromotionAnalysis: template('smoke'),
        autoPromotionEnabled: false,
      }),
    ).settle();
    sim.deploy('h2').settle();
    expect(sim.status!.pauseConditions).toEqual([]);
    sim.setRun('web-h2-2-pre', 'Successful').settle();
    expect(sim.phase).toBe('Paused: BlueGreenPause');
    sim.request('promote').settle();
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
  });

  it('a failed postPromotionAnalysis aborts and switches active back to the old stable', () => {
    const sim = new Simulator(
      blueGreen({ postPromotionAnalysis: template('smoke') }),
    ).settle();
    sim.deploy('h2').settle();
    expect(sim.selectors.active).toBe('h2');
    expect(sim.status!.stableRS).toBe('h1');
    expect(sim.runningRun('postPromotion')).toBe('web-h2-2-post');
    expect(sim.phase).toBe('Progressing: waiting for analysis to complete');

    sim.setRun('web-h2-2-post', 'Failed', 'errors up').settle();
    expect(sim.selectors.active).toBe('h1');
    expect(sim.status).toMatchObject({ abort: true, stableRS: 'h1' });
    expect(sim.phase).toBe(
      'Degraded: RolloutAborted: Rollout aborted update to revision 2: errors up',
    );
  });

  it('a successful postPromotionAnalysis marks the new stack stable', () => {
    const sim = new Simulator(
      blueGreen({ postPromotionAnalysis: template('smoke') }),
    ).settle();
    sim.deploy('h2').settle();
    sim.setRun('web-h2-2-post', 'Successful').settle();
    expect(sim.status).toMatchObject({ stableRS: 'h2', phase: 'Healthy' });
  });
});
