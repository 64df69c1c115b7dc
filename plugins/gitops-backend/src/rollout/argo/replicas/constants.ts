/**
 * The label and annotation keys Argo Rollouts writes on the objects it
 * manages (v1.8.3: `pkg/apis/rollouts/v1alpha1/types.go`,
 * `utils/annotations/annotations.go`, `utils/replicaset/canary.go`).
 * Slipway writes the same keys, so Argo's tooling (`kubectl argo rollouts`,
 * dashboards, alerts on these labels) reads Slipway's objects unchanged.
 */

/** Label on a ReplicaSet, its selector and its pods, and in a managed Service's selector. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';

/** ReplicaSet annotation: the rollout revision the ReplicaSet was created (or last reused) for. */
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';

/** ReplicaSet annotation: earlier revisions of a ReplicaSet reused by a rollback, comma-separated. */
export const REVISION_HISTORY_ANNOTATION =
  'rollout.argoproj.io/revision-history';

/** ReplicaSet annotation: the rollout's `spec.replicas` when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS_ANNOTATION =
  'rollout.argoproj.io/desired-replicas';

/** ReplicaSet annotation: the JSON of the canary/stable/preview/active metadata injected into its pod template. */
export const EPHEMERAL_METADATA_ANNOTATION =
  'rollout.argoproj.io/ephemeral-metadata';

/** Rollout annotation: `metadata.generation` of the Deployment a `workloadRef` names. */
export const WORKLOAD_GENERATION_ANNOTATION =
  'rollout.argoproj.io/workload-generation';

/** ReplicaSet annotation: RFC 3339 time (UTC, whole seconds) after which the ReplicaSet may be scaled down. */
export const SCALE_DOWN_DEADLINE_ANNOTATION = 'scale-down-deadline';

/** Service annotation: the name of the Rollout whose hash the Service's selector carries. */
export const MANAGED_BY_ROLLOUTS_ANNOTATION =
  'argo-rollouts.argoproj.io/managed-by-rollouts';

/** Annotations of the Rollout that Argo never copies onto its ReplicaSets. */
export const UNCOPIED_ROLLOUT_ANNOTATIONS: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  'notified.notifications.argoproj.io',
]);
