/**
 * The state Slipway keeps per Argo `Rollout`, what one reconcile reads and
 * what it asks for. Field names follow Argo Rollouts' `RolloutStatus`
 * (v1.8.3, `pkg/apis/rollouts/v1alpha1/types.go`) so Argo's documentation
 * and its `kubectl argo rollouts get` vocabulary apply; fields Argo keeps
 * elsewhere (the revision annotation, ReplicaSet scale-down annotations,
 * Service selectors) are marked "Slipway".
 *
 * Times are RFC 3339 strings in the status (it is stored) and epoch
 * milliseconds in the function arguments.
 */
import type { AnalysisPhase } from '../analysis';
import type { CanaryScale } from '../replicas';
import type { ArgoServiceRole } from '../spec/helpers';
import type { RolloutAnalysis, SetHeaderRoute } from '../spec/types';

/** `PauseReason`; note Argo's spelling of the inconclusive one. */
export type ArgoPauseReason =
  | 'CanaryPauseStep'
  | 'BlueGreenPause'
  | 'InconclusiveAnalysisRun'
  | 'InconclusiveExperiment';

export interface ArgoPauseCondition {
  reason: ArgoPauseReason;
  startTime: string;
}

export type ArgoRolloutPhase =
  | 'Progressing'
  | 'Paused'
  | 'Healthy'
  | 'Degraded';

/** An AnalysisRun's phase, as Argo spells it. */
export type ArgoAnalysisPhase = AnalysisPhase;

/** `RolloutAnalysisRunStatus`: the run a rollout is waiting on. */
export interface ArgoRolloutAnalysisRunStatus {
  name: string;
  /** Empty until the run reports a phase, as in Argo. */
  status: ArgoAnalysisPhase | '';
  message?: string;
  /** Slipway: the step a step run belongs to (Argo reads its `step-index` label). */
  stepIndex?: number;
}

export type ArgoRolloutConditionType =
  | 'Progressing'
  | 'Available'
  | 'Healthy'
  | 'Completed'
  | 'Paused'
  | 'InvalidSpec'
  | 'ReplicaFailure';

export interface ArgoRolloutCondition {
  type: ArgoRolloutConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export interface ArgoWeightDestination {
  weight: number;
  podTemplateHash: string;
  serviceName?: string;
}

/** `status.canary.weights`: the traffic split last set through the router. */
export interface ArgoTrafficWeights {
  canary: ArgoWeightDestination;
  stable: ArgoWeightDestination;
  /** The router confirmed the weight; undefined when it cannot tell. */
  verified?: boolean;
}

export interface ArgoCanaryStatus {
  currentStepAnalysisRunStatus?: ArgoRolloutAnalysisRunStatus;
  currentBackgroundAnalysisRunStatus?: ArgoRolloutAnalysisRunStatus;
  weights?: ArgoTrafficWeights;
  /** Slipway: the hash the stable Service selects (Argo reads the Service). */
  stableSelector?: string;
  /** Slipway: the hash the canary Service selects (Argo reads the Service). */
  canarySelector?: string;
}

export interface ArgoBlueGreenStatus {
  previewSelector: string;
  activeSelector: string;
  scaleUpPreviewCheckPoint: boolean;
  prePromotionAnalysisRunStatus?: ArgoRolloutAnalysisRunStatus;
  postPromotionAnalysisRunStatus?: ArgoRolloutAnalysisRunStatus;
}

export interface ArgoRolloutStatus {
  /**
   * Slipway: Argo's `rollout.argoproj.io/revision` annotation, the revision
   * of the current pod template. Bumped every time the template hash
   * changes, a return to an older template included, as Argo does.
   */
  revision: number;
  abort: boolean;
  abortedAt?: string;
  pauseConditions: ArgoPauseCondition[];
  /** The controller paused the rollout at least once for the current pause reasons. */
  controllerPause: boolean;
  /**
   * Slipway: a user's `pause` (Argo sets `spec.paused`, which Slipway
   * cannot write: the document lives in Git). The rollout is paused when
   * either this or the document's `spec.paused` is set.
   */
  pausedByUser: boolean;
  /** `rollouts-pod-template-hash` of the current template; empty before the first reconcile. */
  currentPodHash: string;
  /** Hash of the canary steps the step index counts; empty for blue-green. */
  currentStepHash: string;
  /** Undefined for blue-green and for a canary without steps. */
  currentStepIndex?: number;
  /** Hash of the stable ReplicaSet; empty before the first promotion. */
  stableRS: string;
  promoteFull: boolean;
  restartedAt?: string;
  /** Pods of every ReplicaSet (`status.replicas` summed). */
  replicas: number;
  /** Pods of the current template. */
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  conditions: ArgoRolloutCondition[];
  canary: ArgoCanaryStatus;
  blueGreen: ArgoBlueGreenStatus;
  phase: ArgoRolloutPhase;
  message: string;
  /**
   * Slipway: Argo's `scale-down-deadline` annotations, by pod template
   * hash: when a ReplicaSet kept up after it left service is scaled to 0.
   */
  scaleDownDeadlines: Record<string, string>;
}

/** What the cluster says about one of the rollout's ReplicaSets. */
export interface ArgoReplicaSetObservation {
  podTemplateHash: string;
  /** `spec.replicas`: what it was last scaled to. */
  replicas: number;
  /** `status.replicas`: pods that exist. */
  statusReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /**
   * `rollout.argoproj.io/desired-replicas`: the rollout's `spec.replicas`
   * when the ReplicaSet was created or last scaled. Blue-green switches
   * the active Service only to a ReplicaSet whose annotation matches
   * (Argo's `IsSaturated`); missing counts as not matching, as in Argo.
   */
  desiredReplicas?: number;
  /** `rollout.argoproj.io/revision`; old ReplicaSets scale down newest revision first (by creation time without it). */
  revision?: number;
  /** `metadata.creationTimestamp`, for `rollbackWindow` and the order old ReplicaSets scale down in. */
  createdAt?: string;
}

export interface ArgoAnalysisRunObservation {
  phase: ArgoAnalysisPhase;
  message?: string;
}

/**
 * A user's action, each applied the way `kubectl argo rollouts` patches the
 * Rollout (v1.8.3, `pkg/kubectl-argo-rollouts/cmd/*`) before the
 * controller reconciles:
 *
 * - `promote`: unpause; clear pause conditions; with none, move a canary
 *   past its current step; after an inconclusive step analysis, move past
 *   that step too;
 * - `promoteFull`: skip the remaining steps, pauses and analysis;
 * - `abort`: back to stable; `retry`: leave the abort, start over at step 0;
 * - `pause`: what `spec.paused: true` does; `resume`: undo `pause`.
 */
export type ArgoUserRequest =
  | 'promote'
  | 'promoteFull'
  | 'abort'
  | 'retry'
  | 'pause'
  | 'resume';

export interface ArgoObservations {
  /** `rollouts-pod-template-hash` of the document's pod template (computed elsewhere). */
  podTemplateHash: string;
  /** The rollout's ReplicaSets; one missing for the current hash is created (with 0 replicas). */
  replicaSets: ArgoReplicaSetObservation[];
  /** AnalysisRuns the rollout owns, by name. A run the status names and that is missing here is taken as just created. */
  analysisRuns: Record<string, ArgoAnalysisRunObservation>;
  /** Pending user actions, applied in order before the reconcile. */
  requests?: ArgoUserRequest[];
  /** The traffic router's check of the weight last set (Argo's `VerifyWeight`); undefined when it has none. */
  weightVerified?: boolean;
}

export type ArgoReplicaSetRole =
  | 'canary'
  | 'stable'
  | 'active'
  | 'preview'
  | 'old';

/**
 * A ReplicaSet's size from this reconcile on: one step of Argo's path
 * (a basic canary moves within `maxSurge` and `maxUnavailable`, one
 * ReplicaSet per reconcile), not necessarily where the step ends.
 */
export interface ArgoReplicaSetTarget {
  podTemplateHash: string;
  role: ArgoReplicaSetRole;
  replicas: number;
  /** When it is due to be scaled to 0 (its scale-down deadline), if it has one. */
  scaleDownAt?: string;
}

export type ArgoAnalysisRunKind =
  | 'step'
  | 'background'
  | 'prePromotion'
  | 'postPromotion';

/** An AnalysisRun to create, named as Argo names it. */
export interface ArgoAnalysisRunToStart {
  name: string;
  kind: ArgoAnalysisRunKind;
  stepIndex?: number;
  analysis: RolloutAnalysis;
  /** The pod template hash it judges (`podTemplateHashValue: Latest`). */
  podTemplateHash: string;
  /** `podTemplateHashValue: Stable`. */
  stablePodTemplateHash: string;
  revision: number;
  /** Argo's labels: `rollouts-pod-template-hash`, `rollout-type` and, for a step, `step-index`. */
  labels: Record<string, string>;
}

export interface ArgoEvent {
  type: 'Normal' | 'Warning';
  /** Argo's event reason, e.g. `RolloutStepCompleted`. */
  reason: string;
  message: string;
}

/**
 * What one reconcile wants, as desired state. A field left out means
 * "leave as it is" (Argo, too, returns early from some reconciles).
 */
export interface ArgoPlanActions {
  /** Create the current template's ReplicaSet, with 0 replicas. */
  createReplicaSet?: { podTemplateHash: string; revision: number };
  /**
   * Restart (evict) the pods created before this time, a few at a time
   * (`spec.restartAt`, Argo's pod restarter); the status records the
   * restart as done.
   */
  restartPods?: { createdBefore: string };
  /** Sizes for the ReplicaSets this reconcile decided. */
  replicaSets: ArgoReplicaSetTarget[];
  /**
   * The replica arithmetic's input for a canary: a weight out of
   * `maxTrafficWeight` or an explicit replica count (`setCanaryScale`),
   * Argo's `GetCanaryReplicasOrWeight`.
   */
  canaryScale?: CanaryScale;
  /** Traffic split through the router (canary with traffic routing only). */
  traffic?: {
    canaryWeight: number;
    stableWeight: number;
    canaryPodTemplateHash: string;
    stablePodTemplateHash: string;
  };
  /** Set this header route (a `setHeaderRoute` step). */
  setHeaderRoute?: SetHeaderRoute;
  /** Remove every route listed in `managedRoutes`. */
  removeManagedRoutes?: boolean;
  /** Which hash each managed Service should select. */
  serviceSelectors: Partial<Record<ArgoServiceRole, string>>;
  startAnalysisRuns: ArgoAnalysisRunToStart[];
  /** Runs to terminate (Argo sets `spec.terminate`). */
  terminateAnalysisRuns: string[];
  events: ArgoEvent[];
}

export interface ArgoPlan {
  status: ArgoRolloutStatus;
  actions: ArgoPlanActions;
  /**
   * Epoch ms of the next reconcile: `now` when the status changed (Argo
   * reconciles again on its own status update), else the soonest clock (a
   * timed pause's end, `autoPromotionSeconds`, a scale-down deadline, the
   * progress deadline). Undefined when only a change in the cluster (a
   * ReplicaSet's pods, an AnalysisRun's phase) or a user can move the
   * rollout: Argo's informers, which the engine's watches stand in for.
   */
  nextTickAt?: number;
}
