import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import type { ArgoRolloutSpec } from '../spec';

/** The Rollout a ReplicaSet is made for: its parsed spec and what only the live object knows. */
export interface ArgoRolloutObject {
  spec: ArgoRolloutSpec;
  /** `metadata.uid` of the Rollout, for the ReplicaSets' owner reference. */
  uid: string;
  /** `metadata.annotations` of the Rollout; Argo copies them onto the ReplicaSets it creates. */
  annotations?: Record<string, string>;
}

/** The counts of one ReplicaSet that the replica arithmetic reads. */
export interface ReplicaCounts {
  /** `spec.replicas`. */
  replicas: number;
  /** `status.availableReplicas`. */
  availableReplicas: number;
}

/** A ReplicaSet of the rollout as the scaling decisions read it (see `observeReplicaSet`). */
export interface ObservedReplicaSet extends ReplicaCounts {
  name: string;
  /** Its `rollouts-pod-template-hash` label; empty when missing. */
  hash: string;
  /** `status.replicas`: pods created, ready or not. */
  currentReplicas: number;
  /** `rollout.argoproj.io/revision`; undefined when missing or not a number. */
  revision?: number;
  /** `metadata.creationTimestamp`, RFC 3339. */
  creationTimestamp?: string;
  /** The `scale-down-deadline` annotation as written. */
  scaleDownDeadline?: string;
  /** `rollout.argoproj.io/desired-replicas`; undefined when missing or not a number. */
  desiredReplicas?: number;
}

/** A `metav1.OwnerReference` as `metav1.NewControllerRef` makes it. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: true;
  blockOwnerDeletion: true;
}

/** A label selector in the API server's shape: empty parts left out. */
export interface KubeLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Pod template metadata and spec in the API server's shape. */
export interface KubePodTemplate {
  metadata: {
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: Record<string, unknown>;
}

/** An `apps/v1` ReplicaSet as Slipway builds it and reads it back. */
export interface ReplicaSet extends KubernetesObject {
  apiVersion: 'apps/v1';
  kind: 'ReplicaSet';
  metadata: KubernetesObject['metadata'] & {
    ownerReferences?: OwnerReference[];
    uid?: string;
    creationTimestamp?: string;
  };
  spec: {
    replicas: number;
    minReadySeconds?: number;
    selector: KubeLabelSelector;
    template: KubePodTemplate;
  };
  status?: {
    replicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
    [key: string]: unknown;
  };
}
