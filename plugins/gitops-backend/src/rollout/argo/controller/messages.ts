/**
 * Argo's condition and event reasons and messages, word for word (v1.8.3,
 * `utils/conditions/conditions.go`, `rollout/analysis.go`,
 * `rollout/sync.go`, `rollout/service.go`), so the Canary tab and
 * `kubectl argo rollouts`' users read the same words.
 */
export const reasons = {
  available: 'AvailableReason',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  rolloutUpdated: 'RolloutUpdated',
  rolloutCompleted: 'RolloutCompleted',
  rolloutNotCompleted: 'RolloutNotCompleted',
  rolloutHealthy: 'RolloutHealthy',
  rolloutAborted: 'RolloutAborted',
  rolloutRetry: 'RolloutRetry',
  rolloutPaused: 'RolloutPaused',
  rolloutResumed: 'RolloutResumed',
  replicaSetNotAvailable: 'ReplicaSetNotAvailable',
  rolloutStepCompleted: 'RolloutStepCompleted',
  trafficWeightUpdated: 'TrafficWeightUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  invalidSpec: 'InvalidSpec',
  switchService: 'SwitchService',
  skipSteps: 'SkipSteps',
} as const;

export const messages = {
  available: 'Rollout has minimum availability',
  notAvailable: 'Rollout does not have minimum availability',
  healthy: 'Rollout is healthy',
  notHealthy: 'Rollout is not healthy',
  paused: 'Rollout is paused',
  resumed: 'Rollout is resumed',
  retry: 'Retrying Rollout after abort',
  rollbackToStable: 'Rollback to stable ReplicaSets',
  rollbackWithinWindow: 'Rollback to active ReplicaSets within RollbackWindow',
  newReplicaSet: (rs: string) => `Created new replica set "${rs}"`,
  newReplicaSetDetailed: (rs: string, revision: number) =>
    `Created ReplicaSet ${rs} (revision ${revision})`,
  foundNewReplicaSet: (rs: string) => `Found new replica set "${rs}"`,
  rolloutUpdated: (revision: number) =>
    `Rollout updated to revision ${revision}`,
  rolloutCompleted: (revision: number, hash: string, reason: string) =>
    `Rollout completed update to revision ${revision} (${hash}): ${reason}`,
  rolloutNotCompleted: (revision: number, hash: string) =>
    `Rollout not completed, started update to revision ${revision} (${hash})`,
  rolloutAborted: (revision: number) =>
    `Rollout aborted update to revision ${revision}`,
  replicaSetProgressing: (rs: string) => `ReplicaSet "${rs}" is progressing.`,
  replicaSetCompleted: (rs: string) =>
    `ReplicaSet "${rs}" has successfully progressed.`,
  replicaSetTimedOut: (rs: string) =>
    `ReplicaSet "${rs}" has timed out progressing.`,
  stepCompleted: (step: number, of: number, what: string) =>
    `Rollout step ${step}/${of} completed (${what})`,
  trafficWeightUpdated: (details: string) =>
    `Traffic weight updated ${details}`,
  switchedService: (service: string, from: string, to: string) =>
    `Switched selector for service '${service}' from '${from}' to '${to}'`,
  analysisRunStatus: (
    type: string,
    name: string,
    phase: string,
    previous: string,
  ) =>
    `${type} Analysis Run '${name}' Status New: '${phase}' Previous: '${previous}'`,
} as const;

/** `RolloutPausedMessage` with the first pause reason, as `sendStateChangeEvents` words it. */
export const pausedEventMessage = (reason: string) =>
  `${messages.paused} (${reason})`;
