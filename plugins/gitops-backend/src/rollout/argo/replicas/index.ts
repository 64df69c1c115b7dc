/**
 * Argo Rollouts' ReplicaSet and Service arithmetic as pure functions: what
 * Argo's controller (v1.8.3) creates, how many pods each ReplicaSet runs,
 * when old ones scale down, and how Services are pointed at a ReplicaSet.
 * Nothing here reads or writes the cluster. The step state machine
 * (`argo/controller`) builds on these functions to size the ReplicaSets
 * and decide which hash each Service selects, and the engine builds the
 * objects it applies with them; nothing here imports the controller.
 */
export * from './constants';
export type {
  ArgoRolloutObject,
  KubeLabelSelector,
  KubePodTemplate,
  ObservedReplicaSet,
  OwnerReference,
  ReplicaCounts,
  ReplicaSet,
} from './types';
export {
  podTemplateHash,
  canonicalTemplateJson,
  safeEncode,
} from './podTemplateHash';
export type { HashablePodTemplate } from './podTemplateHash';
export {
  replicaSetFor,
  replicaSetName,
  rolloutOwnerReference,
  selectorWithHash,
} from './replicaSet';
export type { ReplicaSetOptions } from './replicaSet';
export {
  creationRole,
  ephemeralMetadataAnnotation,
  ephemeralMetadataFor,
  ephemeralRole,
  injectedEphemeralMetadata,
  syncEphemeralMetadata,
  withEphemeralMetadata,
} from './ephemeralMetadata';
export type { EphemeralRole } from './ephemeralMetadata';
export { withStableAntiAffinity } from './antiAffinity';
export {
  byCreation,
  byRevisionDescending,
  nextRevision,
  revisionOf,
  withRevision,
} from './revision';
export {
  intOrPercentValue,
  maxSurge,
  maxTrafficWeight,
  maxUnavailable,
  resolveFenceposts,
} from './fenceposts';
export {
  canaryScale,
  currentCanaryStep,
  currentSetWeight,
  scaleWeight,
  setCanaryScaleInForce,
} from './canaryScale';
export type { CanaryScale, CanaryScaleState } from './canaryScale';
export { approximateWeightedCounts, basicCanaryReplicas } from './basicCanary';
export type { BasicCanaryReplicaSets, CanaryReplicas } from './basicCanary';
export {
  trafficRoutedCanaryReplicas,
  trafficWeightToReplicas,
} from './trafficRoutedCanary';
export type { TrafficRoutedCanaryInput } from './trafficRoutedCanary';
export { atDesiredCanaryReplicas } from './canaryReady';
export type { CanaryReadinessInput } from './canaryReady';
export { blueGreenReplicas, isSaturated, previewCheckPoint } from './blueGreen';
export type { BlueGreenReplicas, BlueGreenState } from './blueGreen';
export {
  parseScaleDownDeadline,
  scaleDownDeadline,
  scaleDownDelayRevisionLimit,
  scaleDownDelaySeconds,
  scaleDownDelayStep,
} from './scaleDownDeadline';
export type {
  DelayedScaleDown,
  ScaleDownDelayOptions,
} from './scaleDownDeadline';
export {
  blueGreenOtherReplicaSets,
  canaryOtherReplicaSets,
} from './otherReplicaSets';
export type {
  BlueGreenOtherReplicaSetsInput,
  CanaryOtherReplicaSetsInput,
  OtherReplicaSetsPlan,
  ReplicaSetScaleChange,
} from './otherReplicaSets';
export { abortedNewReplicaSet, shouldDelayScaleDownOnAbort } from './abort';
export type { AbortedNewReplicaSet, AbortState } from './abort';
export {
  observeReplicaSet,
  scaledReplicaSet,
  withScaleDownDeadline,
} from './scaleReplicaSet';
export {
  assertServiceManageable,
  readyForServiceSwitch,
  releasedService,
  serviceManagedBy,
  serviceProblems,
  serviceSelectedHash,
  serviceSelectorApply,
  serviceSelectorPatch,
  serviceSwitchReady,
} from './services';
export {
  resolveWorkloadRef,
  workloadRefDeploymentReplicas,
} from './workloadRef';
export type { ResolvedWorkload, WorkloadRefProgress } from './workloadRef';
