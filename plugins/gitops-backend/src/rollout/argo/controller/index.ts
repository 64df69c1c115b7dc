/**
 * Argo Rollouts' rollout progression as a pure state machine: the status
 * Slipway stores per Argo `Rollout`, one reconcile (`planArgoStep`) that
 * turns it, the cluster's observations and users' requests into a new
 * status and the desired state to apply, and Argo's phase and message.
 *
 * The ReplicaSet and Service arithmetic is `rollout/argo/replicas`'s: each
 * reconcile sizes the ReplicaSets from their live counts with it. Not
 * wired to Kubernetes yet: the engine applies the actions, building the
 * objects with `rollout/argo/replicas` and the AnalysisRuns with
 * `rollout/argo/analysis`.
 */
export { planArgoStep } from './plan';
export {
  calculateArgoRolloutPhase,
  getArgoRolloutPhase,
  isSpecPaused,
} from './phase';
export type { ArgoPhase } from './phase';
export { newArgoRolloutStatus } from './status';
export { applyArgoUserRequests } from './requests';
export * from './types';
