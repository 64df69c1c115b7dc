import type { KubernetesObject } from '@internal/plugin-gitops-node';

/**
 * The parts of core and apps objects the workloads code reads, as the API
 * server returns them in JSON (timestamps are strings). Everything else is
 * carried along untouched.
 */

export type StringMap = Record<string, string>;

export interface LabelSelector {
  matchLabels?: StringMap;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Container {
  name: string;
  ports?: ContainerPort[];
  env?: Array<{
    valueFrom?: { configMapKeyRef?: NameRef; secretKeyRef?: NameRef };
  }>;
  envFrom?: Array<{ configMapRef?: NameRef; secretRef?: NameRef }>;
  [key: string]: unknown;
}

export interface NameRef {
  name?: string;
  optional?: boolean;
}

export interface Volume {
  configMap?: NameRef;
  secret?: { secretName?: string; optional?: boolean };
  projected?: { sources?: Array<{ configMap?: NameRef; secret?: NameRef }> };
  [key: string]: unknown;
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  [key: string]: unknown;
}

export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: Array<{
    podAffinityTerm: PodAffinityTerm;
    weight: number;
  }>;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  affinity?: {
    podAffinity?: PodAffinity;
    podAntiAffinity?: PodAffinity;
    [key: string]: unknown;
  };
  topologySpreadConstraints?: Array<{
    labelSelector?: LabelSelector;
    [key: string]: unknown;
  }>;
  [key: string]: unknown;
}

export interface PodTemplate {
  metadata?: {
    labels?: StringMap;
    annotations?: StringMap;
    [key: string]: unknown;
  };
  spec: PodSpec;
}

export interface DeploymentCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
}

export interface Deployment extends KubernetesObject {
  metadata: KubernetesObject['metadata'] & { generation?: number };
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplate;
    progressDeadlineSeconds?: number;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    strategy?: unknown;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: DeploymentCondition[];
  };
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number | string;
  protocol: string;
  appProtocol?: string;
}
