import {
  blueGreenDoc,
  canaryDoc,
  istioCanary,
  specOf,
} from '../spec/__testUtils__/documents';
import { calculateArgoRolloutPhase, getArgoRolloutPhase } from './phase';
import { newArgoRolloutStatus } from './status';
import type { ArgoRolloutCondition, ArgoRolloutStatus } from './types';

const basic = specOf(
  canaryDoc({ steps: [{ setWeight: 50 }] }, { replicas: 2 }),
);
const routed = specOf(
  canaryDoc(istioCanary({ steps: [{ setWeight: 50 }] }), { replicas: 2 }),
);
const bg = specOf(
  blueGreenDoc(
    {
      activeService: 'a',
      postPromotionAnalysis: { templates: [{ templateName: 't' }] },
    },
    { replicas: 2 },
  ),
);

const healthy = (
  fields: Partial<ArgoRolloutStatus> = {},
): ArgoRolloutStatus => ({
  ...newArgoRolloutStatus(),
  currentPodHash: 'h2',
  stableRS: 'h2',
  currentStepIndex: 1,
  replicas: 2,
  updatedReplicas: 2,
  availableReplicas: 2,
  readyReplicas: 2,
  blueGreen: {
    activeSelector: 'h2',
    previewSelector: '',
    scaleUpPreviewCheckPoint: false,
  },
  ...fields,
});

const condition = (
  fields: Partial<ArgoRolloutCondition>,
): ArgoRolloutCondition => ({
  type: 'Progressing',
  status: 'False',
  reason: '',
  message: '',
  lastUpdateTime: '2025-01-01T00:00:00Z',
  lastTransitionTime: '2025-01-01T00:00:00Z',
  ...fields,
});

describe('calculateArgoRolloutPhase (Argo’s CalculateRolloutPhase)', () => {
  it.each<[string, ArgoRolloutStatus, string]>([
    ['healthy', healthy(), 'Healthy: '],
    [
      'aborted',
      healthy({
        conditions: [
          condition({
            reason: 'RolloutAborted',
            message: 'Rollout aborted update to revision 2',
          }),
        ],
      }),
      'Degraded: RolloutAborted: Rollout aborted update to revision 2',
    ],
    [
      'timed out',
      healthy({
        conditions: [
          condition({
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "web-h2" has timed out progressing.',
          }),
        ],
      }),
      'Degraded: ProgressDeadlineExceeded: ReplicaSet "web-h2" has timed out progressing.',
    ],
    ['user paused', healthy({ pausedByUser: true }), 'Paused: manually paused'],
    [
      'pause condition',
      healthy({
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '' }],
      }),
      'Paused: CanaryPauseStep',
    ],
    [
      'updating',
      healthy({ updatedReplicas: 1 }),
      'Progressing: more replicas need to be updated',
    ],
    [
      'becoming available',
      healthy({ availableReplicas: 1 }),
      'Progressing: updated replicas are still becoming available',
    ],
    [
      'old pods left (basic canary)',
      healthy({ replicas: 3 }),
      'Progressing: old replicas are pending termination',
    ],
    [
      'steps left',
      healthy({ stableRS: 'h1' }),
      'Progressing: waiting for all steps to complete',
    ],
  ])('%s', (_, status, expected) => {
    const { phase, message } = calculateArgoRolloutPhase(basic, status);
    expect(`${phase}: ${message}`).toBe(expected);
  });

  it('old pods are expected with traffic routing (scale-down delay)', () => {
    expect(calculateArgoRolloutPhase(routed, healthy({ replicas: 4 }))).toEqual(
      {
        phase: 'Healthy',
        message: '',
      },
    );
  });

  it('blue-green: cutover, then post-promotion analysis', () => {
    expect(
      calculateArgoRolloutPhase(
        bg,
        healthy({
          blueGreen: {
            activeSelector: 'h1',
            previewSelector: '',
            scaleUpPreviewCheckPoint: false,
          },
        }),
      ).message,
    ).toBe('active service cutover pending');
    expect(
      calculateArgoRolloutPhase(bg, healthy({ stableRS: 'h1' })).message,
    ).toBe('waiting for analysis to complete');
    const analysed = healthy({ stableRS: 'h1' });
    analysed.blueGreen.postPromotionAnalysisRunStatus = {
      name: 'r',
      status: 'Successful',
    };
    expect(calculateArgoRolloutPhase(bg, analysed).message).toBe(
      'waiting for post-promotion verification to complete',
    );
  });

  it('a pending restart', () => {
    const spec = { ...basic, restartAt: '2025-01-01T00:00:00Z' };
    expect(calculateArgoRolloutPhase(spec, healthy()).message).toBe(
      'rollout is restarting',
    );
  });
});

describe('getArgoRolloutPhase (Argo’s GetRolloutPhase)', () => {
  it('a promote the controller has not seen yet reads "waiting for rollout to unpause"', () => {
    const status = healthy({
      controllerPause: true,
      phase: 'Paused',
      message: 'CanaryPauseStep',
    });
    expect(getArgoRolloutPhase(basic, status)).toEqual({
      phase: 'Progressing',
      message: 'waiting for rollout to unpause',
    });
  });

  it('otherwise the stored phase', () => {
    const status = healthy({ phase: 'Paused', message: 'CanaryPauseStep' });
    expect(getArgoRolloutPhase(basic, status)).toEqual({
      phase: 'Paused',
      message: 'CanaryPauseStep',
    });
  });
});
