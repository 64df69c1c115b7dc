import type { ArgoRolloutSpec } from '../spec';
import type { ReplicaCounts } from './types';

/** The parts of the rollout's status the blue-green counts depend on. */
export interface BlueGreenState {
  /** The new ReplicaSet's hash (the current template's). */
  newHash: string;
  /** `status.currentPodHash`: the template hash the rollout last recorded. */
  currentPodHash?: string;
  /**
   * The hash the active Service selects (`status.blueGreen.activeSelector`),
   * when a ReplicaSet with that hash exists.
   */
  activeHash?: string;
  /** `status.promoteFull`. */
  promoteFull: boolean;
  /** `spec.paused`, or any pause condition in the status. */
  paused: boolean;
  /** `status.blueGreen.scaleUpPreviewCheckPoint` (see `previewCheckPoint`). */
  scaleUpPreviewCheckPoint: boolean;
}

/** Desired replica counts of a blue-green rollout's two ReplicaSets. */
export interface BlueGreenReplicas {
  /** The new ReplicaSet: the preview until promoted. */
  new: number;
  /** The stable ReplicaSet (`status.stableRS`), when it is not the new one. */
  stable: number;
}

/**
 * Argo's blue-green counts (`NewRSNewReplicas` in
 * `utils/replicaset/replicaset.go`, `reconcileBlueGreenStableReplicaSet`
 * in `rollout/bluegreen.go`). The stable ReplicaSet always runs
 * `spec.replicas`. The new one runs `spec.replicas`, or
 * `previewReplicaCount` while it is a preview: not yet active, no full
 * promotion asked for, and either a template the rollout has not recorded
 * yet, or paused, or before the preview checkpoint (pre-promotion analysis
 * and pause completed with the preview available). Once resumed past the
 * checkpoint it scales up to `spec.replicas`, and only then does the
 * active Service switch to it (`isSaturated`). Older active ReplicaSets
 * wait out `scaleDownDelaySeconds` (`blueGreenOtherReplicaSets`).
 */
export function blueGreenReplicas(
  spec: ArgoRolloutSpec,
  state: BlueGreenState,
): BlueGreenReplicas {
  const full = spec.replicas;
  const strategy = spec.strategy;
  const result = (n: number) => ({ new: n, stable: full });
  if (strategy.kind !== 'blueGreen') return result(full);
  const preview = strategy.previewReplicaCount;
  if (preview === undefined) return result(full);
  if (!state.activeHash || state.activeHash === state.newHash)
    return result(full);
  if (state.promoteFull) return result(full);
  if (state.newHash !== state.currentPodHash) return result(preview);
  if (!state.paused && state.scaleUpPreviewCheckPoint) return result(full);
  return result(preview);
}

/**
 * Argo's `calculateScaleUpPreviewCheckPoint`: a one-way switch, set once
 * pre-promotion analysis and the blue-green pause have completed with
 * exactly `previewReplicaCount` preview pods available; it stays set
 * until the preview becomes stable or the template changes (the caller
 * resets it then). Always false without `previewReplicaCount`.
 */
export function previewCheckPoint(
  spec: ArgoRolloutSpec,
  state: {
    previous: boolean;
    prePromotionAnalysisCompleted: boolean;
    pauseCompleted: boolean;
    newAvailableReplicas: number;
  },
): boolean {
  const strategy = spec.strategy;
  if (
    strategy.kind !== 'blueGreen' ||
    strategy.previewReplicaCount === undefined
  )
    return false;
  if (state.previous) return true;
  if (!state.prePromotionAnalysisCompleted || !state.pauseCompleted)
    return false;
  return strategy.previewReplicaCount === state.newAvailableReplicas;
}

/**
 * Argo's `IsSaturated` (`utils/annotations`), which gates the active
 * Service's switch: the ReplicaSet runs `spec.replicas`, recorded them in
 * `rollout.argoproj.io/desired-replicas`, and all are available.
 */
export function isSaturated(
  spec: ArgoRolloutSpec,
  rs: ReplicaCounts & { desiredReplicas?: number },
): boolean {
  return (
    rs.replicas === spec.replicas &&
    rs.desiredReplicas === spec.replicas &&
    rs.availableReplicas === spec.replicas
  );
}
