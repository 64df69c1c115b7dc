import { blueGreenReplicas, isSaturated, previewCheckPoint } from './blueGreen';
import { blueGreenSpec } from './__testUtils__/specs';

/*
 * Facts from Argo Rollouts v1.8.3: `NewRSNewReplicas`
 * (`utils/replicaset/replicaset.go`), `rollout/bluegreen.go` and the
 * sequence of events in `docs/features/bluegreen.md`.
 */

describe('blueGreenReplicas', () => {
  const preview = blueGreenSpec(5, { previewReplicaCount: 1 });
  const update = {
    newHash: 'v2',
    currentPodHash: 'v2',
    activeHash: 'v1',
    promoteFull: false,
    paused: false,
    scaleUpPreviewCheckPoint: false,
  };

  it('runs the preview at full size without previewReplicaCount', () => {
    expect(blueGreenReplicas(blueGreenSpec(5), update)).toEqual({
      new: 5,
      stable: 5,
    });
  });

  it('follows the documented sequence with previewReplicaCount', () => {
    // The template changed: the rollout has not recorded the new hash yet.
    expect(
      blueGreenReplicas(preview, { ...update, currentPodHash: 'v1' }),
    ).toEqual({ new: 1, stable: 5 });
    // Waiting on pre-promotion analysis or the pause.
    expect(blueGreenReplicas(preview, update)).toEqual({ new: 1, stable: 5 });
    expect(
      blueGreenReplicas(preview, {
        ...update,
        paused: true,
        scaleUpPreviewCheckPoint: true,
      }),
    ).toEqual({ new: 1, stable: 5 });
    // Resumed past the checkpoint: scale up before the active Service switches.
    expect(
      blueGreenReplicas(preview, { ...update, scaleUpPreviewCheckPoint: true }),
    ).toEqual({ new: 5, stable: 5 });
    // Promoted: the active Service selects the new ReplicaSet.
    expect(blueGreenReplicas(preview, { ...update, activeHash: 'v2' })).toEqual(
      {
        new: 5,
        stable: 5,
      },
    );
  });

  it('runs full size at once for a first rollout or a full promotion', () => {
    expect(
      blueGreenReplicas(preview, { ...update, activeHash: undefined }),
    ).toEqual({
      new: 5,
      stable: 5,
    });
    expect(
      blueGreenReplicas(preview, { ...update, promoteFull: true }),
    ).toEqual({
      new: 5,
      stable: 5,
    });
  });
});

describe('previewCheckPoint', () => {
  const spec = blueGreenSpec(5, { previewReplicaCount: 2 });
  const state = {
    previous: false,
    prePromotionAnalysisCompleted: true,
    pauseCompleted: true,
    newAvailableReplicas: 2,
  };

  it('trips once analysis and pause completed with the preview available, and stays', () => {
    expect(previewCheckPoint(spec, state)).toBe(true);
    expect(previewCheckPoint(spec, { ...state, newAvailableReplicas: 1 })).toBe(
      false,
    );
    expect(previewCheckPoint(spec, { ...state, pauseCompleted: false })).toBe(
      false,
    );
    expect(
      previewCheckPoint(spec, {
        ...state,
        prePromotionAnalysisCompleted: false,
      }),
    ).toBe(false);
    expect(
      previewCheckPoint(spec, {
        ...state,
        previous: true,
        pauseCompleted: false,
      }),
    ).toBe(true);
  });

  it('is always false without previewReplicaCount', () => {
    expect(
      previewCheckPoint(blueGreenSpec(5), { ...state, previous: true }),
    ).toBe(false);
  });
});

describe('isSaturated', () => {
  const spec = blueGreenSpec(3);
  it('needs the full count asked for, recorded and available', () => {
    expect(
      isSaturated(spec, {
        replicas: 3,
        availableReplicas: 3,
        desiredReplicas: 3,
      }),
    ).toBe(true);
    expect(
      isSaturated(spec, {
        replicas: 3,
        availableReplicas: 2,
        desiredReplicas: 3,
      }),
    ).toBe(false);
    expect(isSaturated(spec, { replicas: 3, availableReplicas: 3 })).toBe(
      false,
    );
    expect(
      isSaturated(spec, {
        replicas: 1,
        availableReplicas: 1,
        desiredReplicas: 3,
      }),
    ).toBe(false);
  });
});
