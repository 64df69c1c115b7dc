import {
  blueGreenDoc,
  canaryDoc,
  specOf,
} from '../spec/__testUtils__/documents';
import { applyArgoUserRequests } from './requests';
import { newArgoRolloutStatus } from './status';
import type { ArgoRolloutStatus } from './types';

const canary = specOf(
  canaryDoc({ steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }] }),
);
const bg = specOf(blueGreenDoc({ activeService: 'a' }));

const status = (fields: Partial<ArgoRolloutStatus>): ArgoRolloutStatus => ({
  ...newArgoRolloutStatus(),
  currentPodHash: 'h2',
  stableRS: 'h1',
  currentStepIndex: 1,
  ...fields,
});

const pause = { reason: 'CanaryPauseStep' as const, startTime: 't' };

describe('applyArgoUserRequests (kubectl argo rollouts’ patches)', () => {
  it('promote at a pause clears the pause conditions; the controller then moves on', () => {
    const next = applyArgoUserRequests(
      canary,
      status({ pauseConditions: [pause], controllerPause: true }),
      ['promote'],
    );
    expect(next).toMatchObject({
      pauseConditions: [],
      controllerPause: true,
      currentStepIndex: 1,
    });
  });

  it('promote with no pause skips the current step, never past the end', () => {
    expect(
      applyArgoUserRequests(canary, status({}), ['promote']).currentStepIndex,
    ).toBe(2);
    expect(
      applyArgoUserRequests(canary, status({ currentStepIndex: 3 }), [
        'promote',
      ]).currentStepIndex,
    ).toBe(3);
  });

  it('promote after an inconclusive step analysis skips that step and resets controllerPause', () => {
    const next = applyArgoUserRequests(
      canary,
      status({
        currentStepIndex: 2,
        pauseConditions: [
          { reason: 'InconclusiveAnalysisRun', startTime: 't' },
        ],
        controllerPause: true,
        canary: {
          currentStepAnalysisRunStatus: { name: 'r', status: 'Inconclusive' },
        },
      }),
      ['promote'],
    );
    expect(next).toMatchObject({
      pauseConditions: [],
      controllerPause: false,
      currentStepIndex: 3,
    });
  });

  it('promote of a blue-green rollout clears its pause; with none it does nothing', () => {
    const paused = status({
      currentStepIndex: undefined,
      pauseConditions: [{ reason: 'BlueGreenPause', startTime: 't' }],
      controllerPause: true,
    });
    expect(
      applyArgoUserRequests(bg, paused, ['promote']).pauseConditions,
    ).toEqual([]);
    const running = status({ currentStepIndex: undefined });
    expect(applyArgoUserRequests(bg, running, ['promote'])).toEqual(running);
  });

  it('promote lifts a user pause', () => {
    const next = applyArgoUserRequests(
      canary,
      status({ pausedByUser: true, pauseConditions: [pause] }),
      ['promote'],
    );
    expect(next).toMatchObject({ pausedByUser: false, pauseConditions: [] });
  });

  it('promoteFull only during an update', () => {
    expect(
      applyArgoUserRequests(canary, status({}), ['promoteFull']).promoteFull,
    ).toBe(true);
    expect(
      applyArgoUserRequests(canary, status({ stableRS: 'h2' }), ['promoteFull'])
        .promoteFull,
    ).toBe(false);
  });

  it('abort, retry, pause and resume set their flags, in order', () => {
    expect(applyArgoUserRequests(canary, status({}), ['abort'])).toMatchObject({
      abort: true,
    });
    expect(
      applyArgoUserRequests(canary, status({}), ['abort', 'retry']),
    ).toMatchObject({ abort: false });
    expect(applyArgoUserRequests(canary, status({}), ['pause'])).toMatchObject({
      pausedByUser: true,
    });
    expect(
      applyArgoUserRequests(canary, status({ pausedByUser: true }), ['resume']),
    ).toMatchObject({ pausedByUser: false });
  });

  it('does not change the status it is given', () => {
    const given = status({ pauseConditions: [pause] });
    const copy = structuredClone(given);
    applyArgoUserRequests(canary, given, ['promote', 'abort']);
    expect(given).toEqual(copy);
  });
});
