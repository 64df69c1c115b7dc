import type {
  ArgoPauseCondition,
  ArgoPauseReason,
  ArgoRolloutStatus,
} from './types';

/** The status of a rollout Slipway has not reconciled yet. */
export function newArgoRolloutStatus(): ArgoRolloutStatus {
  return {
    revision: 0,
    abort: false,
    pauseConditions: [],
    controllerPause: false,
    pausedByUser: false,
    currentPodHash: '',
    currentStepHash: '',
    stableRS: '',
    promoteFull: false,
    replicas: 0,
    updatedReplicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    conditions: [],
    canary: {},
    blueGreen: {
      previewSelector: '',
      activeSelector: '',
      scaleUpPreviewCheckPoint: false,
    },
    phase: 'Progressing',
    message: '',
    scaleDownDeadlines: {},
  };
}

export function getPauseCondition(
  status: ArgoRolloutStatus,
  reason: ArgoPauseReason,
): ArgoPauseCondition | undefined {
  return status.pauseConditions.find(c => c.reason === reason);
}

/** Argo's `IsFullyPromoted`: the stable ReplicaSet is the current template's. */
export function isFullyPromoted(status: ArgoRolloutStatus): boolean {
  return status.stableRS === status.currentPodHash;
}
