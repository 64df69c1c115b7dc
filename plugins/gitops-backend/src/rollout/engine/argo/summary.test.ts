import { initialState } from '../initialState';
import type { TickRecorder } from '../ports';
import type { RolloutState } from '../types';
import { newArgoRolloutStatus } from '../../argo/controller';
import type { ArgoRolloutStatus } from '../../argo/controller/types';
import { parseArgoRollout } from '../../argo/spec';
import { mirrorArgoStatus, trackRun } from './summary';

const { spec } = parseArgoRollout({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web' },
  spec: {
    replicas: 5,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'web:1' }] },
    },
    strategy: {
      canary: {
        steps: [
          { setWeight: 20 },
          { pause: {} },
          { setWeight: 40 },
          { pause: { duration: 10 } },
        ],
      },
    },
  },
});

function stateWith(status: Partial<ArgoRolloutStatus>): RolloutState {
  const state = initialState('app', 'web', new Date(0));
  state.argo = {
    status: { ...newArgoRolloutStatus(), ...status },
    runs: {},
    desiredReplicas: 5,
    runOpen: false,
  };
  return state;
}

/** A recorder that keeps what it is told. */
function recorder() {
  const calls: string[] = [];
  let id = 0;
  const log: TickRecorder = {
    event: async () => undefined,
    checks: async () => undefined,
    startRun: async (_s, revision) => {
      calls.push(`start ${revision}`);
      return --id;
    },
    finishRun: async (_s, result, message) => {
      calls.push(`${result}: ${message}`);
    },
  };
  return { log, calls };
}

const at = '2026-12-04T10:00:00.000Z';

describe('an Argo status mirrored for the tab', () => {
  it("shows a paused step as waiting for promotion, at the step's weight by replica counts", () => {
    const state = stateWith({
      stableRS: 'aaa',
      currentPodHash: 'bbb',
      currentStepIndex: 1,
      phase: 'Paused',
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: at }],
    });
    state.runId = 3;
    mirrorArgoStatus(state, spec!, at);
    expect(state).toMatchObject({
      phase: 'WaitingPromotion',
      canaryWeight: 20,
      stepIndex: 1,
      lastAppliedSpec: 'bbb',
      lastPromotedSpec: 'aaa',
      pause: { reason: 'pause step', startedAt: at },
    });
    expect(state.pause?.until).toBeUndefined();
  });

  it('gives a timed pause its end, and a promoted or aborted rollout no canary weight', () => {
    const timed = stateWith({
      stableRS: 'aaa',
      currentPodHash: 'bbb',
      currentStepIndex: 3,
      phase: 'Paused',
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: at }],
    });
    mirrorArgoStatus(timed, spec!, at);
    expect(timed.pause).toEqual({
      reason: 'pause step',
      startedAt: at,
      until: '2026-12-04T10:00:10.000Z',
    });
    expect(timed.canaryWeight).toBe(40);

    const aborted = stateWith({
      stableRS: 'aaa',
      currentPodHash: 'bbb',
      abort: true,
      phase: 'Degraded',
    });
    mirrorArgoStatus(aborted, spec!, at);
    expect(aborted).toMatchObject({ phase: 'Failed', canaryWeight: 0 });

    const healthy = stateWith({
      stableRS: 'bbb',
      currentPodHash: 'bbb',
      phase: 'Healthy',
    });
    mirrorArgoStatus(healthy, spec!, at);
    expect(healthy.phase).toBe('Initialized');
    healthy.runId = 1;
    mirrorArgoStatus(healthy, spec!, at);
    expect(healthy).toMatchObject({ phase: 'Succeeded', canaryWeight: 0 });
  });
});

describe('the run history of an Argo Rollout', () => {
  it('opens a run when an update starts and closes it promoted; the first revision has none', async () => {
    const { log, calls } = recorder();
    const first = stateWith({ stableRS: 'aaa', currentPodHash: 'aaa' });
    await trackRun(first, log, []);
    expect(calls).toEqual([]);

    const update = stateWith({ stableRS: 'aaa', currentPodHash: 'bbb' });
    update.lastAppliedSpec = 'aaa';
    await trackRun(update, log, []);
    expect(update.argo!.runOpen).toBe(true);
    update.lastAppliedSpec = 'bbb';
    update.argo!.status.stableRS = 'bbb';
    await trackRun(update, log, []);
    expect(calls).toEqual([
      'start bbb',
      'Succeeded: Rollout of revision bbb is complete',
    ]);
    expect(update.argo!.runOpen).toBe(false);
  });

  it('closes a run aborted by a user, failed by analysis or superseded by a newer template, and opens one again on retry', async () => {
    const { log, calls } = recorder();
    const state = stateWith({ stableRS: 'aaa', currentPodHash: 'bbb' });
    await trackRun(state, log, []);
    state.lastAppliedSpec = 'bbb';
    state.argo!.status.abort = true;
    await trackRun(state, log, ['abort']);
    state.argo!.status.abort = false;
    await trackRun(state, log, ['retry']);
    state.argo!.status.abort = true;
    state.argo!.status.message =
      'RolloutAborted: Metric "success-rate" assessed Failed';
    await trackRun(state, log, []);
    state.argo!.status.abort = false;
    await trackRun(state, log, []);
    state.argo!.status.currentPodHash = 'ccc';
    await trackRun(state, log, []);
    expect(calls).toEqual([
      'start bbb',
      'Aborted: Rollout aborted by request',
      'start bbb',
      'Failed: RolloutAborted: Metric "success-rate" assessed Failed',
      'start bbb',
      'Superseded: Superseded by revision ccc',
      'start ccc',
    ]);
  });
});
