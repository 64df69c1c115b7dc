import { argoRollout, argoWorkflow } from '../__fixtures__/argo';
import { withPatch } from '../__fixtures__/merge';
import { argoRolloutHealth, argoWorkflowHealth } from './argo';

describe('argoWorkflowHealth', () => {
  it('is Healthy once Succeeded', () => {
    expect(argoWorkflowHealth(argoWorkflow)).toEqual({
      status: 'Healthy',
      message: '',
    });
  });

  it.each(['Pending', 'Running', null])(
    'is Progressing while phase is %s, with the status message',
    phase => {
      const running = withPatch(argoWorkflow, {
        status: { phase, message: 'ImagePullBackOff: pulling image' },
      });
      expect(argoWorkflowHealth(running)).toEqual({
        status: 'Progressing',
        message: 'ImagePullBackOff: pulling image',
      });
    },
  );

  it.each(['Failed', 'Error'])(
    'is Degraded when %s, with the status message',
    phase => {
      const failed = withPatch(argoWorkflow, {
        status: { phase, message: 'child "db-migrate-7x2lq" failed' },
      });
      expect(argoWorkflowHealth(failed)).toEqual({
        status: 'Degraded',
        message: 'child "db-migrate-7x2lq" failed',
      });
    },
  );

  it('is Progressing before the controller writes a status', () => {
    expect(
      argoWorkflowHealth(withPatch(argoWorkflow, { status: null })),
    ).toEqual({ status: 'Progressing', message: '' });
  });

  it('is Unknown for a phase it does not know', () => {
    const odd = withPatch(argoWorkflow, { status: { phase: 'Skipped' } });
    expect(argoWorkflowHealth(odd).status).toBe('Unknown');
  });
});

/** A Rollout from before Argo Rollouts 1.0, which wrote no phase. */
const legacyRollout = withPatch(argoRollout, {
  status: { phase: null, message: null },
});

describe('argoRolloutHealth', () => {
  it('is Healthy, without a message, when the phase says so', () => {
    expect(argoRolloutHealth(argoRollout)).toEqual({
      status: 'Healthy',
      message: '',
    });
  });

  it('reports the phase and message the controller wrote', () => {
    const degraded = withPatch(argoRollout, {
      status: { phase: 'Degraded', message: 'RolloutAborted: aborted' },
    });
    expect(argoRolloutHealth(degraded)).toEqual({
      status: 'Degraded',
      message: 'RolloutAborted: aborted',
    });
    const progressing = withPatch(argoRollout, {
      status: {
        phase: 'Progressing',
        message: 'more replicas need to be updated',
      },
    });
    expect(argoRolloutHealth(progressing)).toEqual({
      status: 'Progressing',
      message: 'more replicas need to be updated',
    });
  });

  it('is Suspended when the phase is Paused', () => {
    const paused = withPatch(argoRollout, {
      status: {
        phase: 'Paused',
        message: 'CanaryPauseStep',
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2025-05-02T09:30:00Z' },
        ],
      },
    });
    expect(argoRolloutHealth(paused)).toEqual({
      status: 'Suspended',
      message: 'CanaryPauseStep',
    });
  });

  it('is Unknown when the phase is no health status', () => {
    const odd = withPatch(argoRollout, { status: { phase: 'Promoting' } });
    expect(argoRolloutHealth(odd).status).toBe('Unknown');
  });

  describe('waits for the spec to be observed', () => {
    const waiting = {
      status: 'Progressing',
      message: 'Waiting for rollout spec update to be observed',
    };

    it('without a status', () => {
      expect(
        argoRolloutHealth(withPatch(argoRollout, { status: null })),
      ).toEqual(waiting);
    });

    it('while observedGeneration is behind', () => {
      const behind = withPatch(argoRollout, {
        status: { observedGeneration: '3' },
      });
      expect(argoRolloutHealth(behind)).toEqual(waiting);
    });

    it('while the referenced workload generation is not observed', () => {
      const workloadRef = withPatch(argoRollout, {
        metadata: {
          annotations: { 'rollout.argoproj.io/workload-generation': '2' },
        },
        spec: {
          template: null,
          workloadRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'checkout',
          },
        },
        status: { workloadObservedGeneration: '1' },
      });
      expect(argoRolloutHealth(workloadRef)).toEqual(waiting);
      const observed = withPatch(workloadRef, {
        status: { workloadObservedGeneration: '2' },
      });
      expect(argoRolloutHealth(observed).status).toBe('Healthy');
    });

    it('but not for a legacy hash observedGeneration', () => {
      for (const observedGeneration of ['6b8cf6f7db', '8575574967']) {
        const legacy = withPatch(argoRollout, {
          status: { observedGeneration },
        });
        expect(argoRolloutHealth(legacy).status).toBe('Healthy');
      }
    });
  });

  describe('before Argo Rollouts 1.0 (no phase)', () => {
    it('is Healthy when every step ran and the stable set is current', () => {
      expect(argoRolloutHealth(legacyRollout)).toEqual({
        status: 'Healthy',
        message: '',
      });
    });

    it.each([
      ['InvalidSpec', 'InvalidSpec', 'spec.strategy: Required value'],
      ['Progressing', 'RolloutAborted', 'Rollout is aborted'],
      [
        'Progressing',
        'ProgressDeadlineExceeded',
        'ReplicaSet "checkout-6d4b8c9f7c" has timed out progressing.',
      ],
    ])('is Degraded for a %s/%s condition', (type, reason, message) => {
      const failed = withPatch(legacyRollout, {
        spec: { paused: true },
        status: { conditions: [{ type, status: 'False', reason, message }] },
      });
      expect(argoRolloutHealth(failed)).toEqual({
        status: 'Degraded',
        message,
      });
    });

    it('is Suspended when paused by a user or the controller', () => {
      const paused = { status: 'Suspended', message: 'Rollout is paused' };
      expect(
        argoRolloutHealth(withPatch(legacyRollout, { spec: { paused: true } })),
      ).toEqual(paused);
      const stepPause = withPatch(legacyRollout, {
        status: { pauseConditions: [{ reason: 'CanaryPauseStep' }] },
      });
      expect(argoRolloutHealth(stepPause)).toEqual(paused);
      const noPause = withPatch(legacyRollout, {
        spec: { paused: false },
        status: { pauseConditions: [] },
      });
      expect(argoRolloutHealth(noPause).status).toBe('Healthy');
    });

    it('is Progressing until the controller records the pod hash', () => {
      const fresh = withPatch(legacyRollout, {
        status: { currentPodHash: null },
      });
      expect(argoRolloutHealth(fresh)).toEqual({
        status: 'Progressing',
        message:
          'Waiting for rollout to finish: status has not been reconciled.',
      });
    });

    it('is Progressing while replicas are updated or become available', () => {
      const updating = withPatch(legacyRollout, {
        status: { updatedReplicas: 1 },
      });
      expect(argoRolloutHealth(updating)).toEqual({
        status: 'Progressing',
        message:
          'Waiting for roll out to finish: More replicas need to be updated',
      });
      const unavailable = withPatch(legacyRollout, {
        status: { availableReplicas: 2 },
      });
      expect(argoRolloutHealth(unavailable)).toEqual({
        status: 'Progressing',
        message:
          'Waiting for roll out to finish: updated replicas are still becoming available',
      });
    });

    it('wants one replica when spec.replicas is unset', () => {
      const unset = withPatch(legacyRollout, {
        spec: { replicas: null },
        status: { replicas: 0, updatedReplicas: 0, availableReplicas: 0 },
      });
      expect(argoRolloutHealth(unset).message).toBe(
        'Waiting for roll out to finish: More replicas need to be updated',
      );
    });

    describe('canary', () => {
      it('is Progressing while old replicas terminate', () => {
        const old = withPatch(legacyRollout, { status: { replicas: 4 } });
        expect(argoRolloutHealth(old)).toEqual({
          status: 'Progressing',
          message:
            'Waiting for roll out to finish: old replicas are pending termination',
        });
      });

      it('is Progressing until the stable set is the current one', () => {
        const steps = {
          status: 'Progressing',
          message: 'Waiting for rollout to finish steps',
        };
        const midway = withPatch(legacyRollout, {
          status: { stableRS: '5c7b9d8e6f' },
        });
        expect(argoRolloutHealth(midway)).toEqual(steps);
        const noStable = withPatch(legacyRollout, {
          status: { stableRS: null },
        });
        expect(argoRolloutHealth(noStable)).toEqual(steps);
      });

      it('reads the stable set from status.canary before 0.8', () => {
        const preV08 = withPatch(legacyRollout, {
          status: { stableRS: null, canary: { stableRS: '6d4b8c9f7c' } },
        });
        expect(argoRolloutHealth(preV08).status).toBe('Healthy');
      });
    });

    describe('blue-green', () => {
      const blueGreen = withPatch(legacyRollout, {
        spec: {
          strategy: {
            canary: null,
            blueGreen: { activeService: 'checkout', previewService: 'preview' },
          },
        },
        status: {
          blueGreen: {
            activeSelector: '6d4b8c9f7c',
            previewSelector: '6d4b8c9f7c',
          },
        },
      });

      it('is Healthy once the active service points at the current set', () => {
        expect(argoRolloutHealth(blueGreen).status).toBe('Healthy');
        const legacyNoStable = withPatch(blueGreen, {
          status: { stableRS: null, canary: null },
        });
        expect(argoRolloutHealth(legacyNoStable).status).toBe('Healthy');
      });

      it('is Progressing until the active service is cut over', () => {
        const pending = withPatch(blueGreen, {
          status: { blueGreen: { activeSelector: '5c7b9d8e6f' } },
        });
        expect(argoRolloutHealth(pending)).toEqual({
          status: 'Progressing',
          message: 'active service cutover pending',
        });
      });

      it('is Progressing while analysis has not promoted the stable set', () => {
        const analysing = withPatch(blueGreen, {
          status: { stableRS: '5c7b9d8e6f' },
        });
        expect(argoRolloutHealth(analysing)).toEqual({
          status: 'Progressing',
          message: 'waiting for analysis to complete',
        });
        // An empty status.canary without stableRS is not "no stable set".
        const unset = withPatch(blueGreen, { status: { stableRS: null } });
        expect(argoRolloutHealth(unset).status).toBe('Progressing');
      });
    });

    it('does not trust old replicas for blue-green', () => {
      const surplus = withPatch(legacyRollout, {
        spec: { strategy: { canary: null, blueGreen: {} } },
        status: {
          replicas: 6,
          blueGreen: { activeSelector: '6d4b8c9f7c' },
        },
      });
      expect(argoRolloutHealth(surplus).status).toBe('Healthy');
    });
  });
});
