import type {
  V1Container,
  V1DeploymentCondition,
  V1DeploymentSpec,
  V1DeploymentStatus,
  V1LabelSelector,
  V1PodAffinity,
  V1PodSpec,
  V1ServicePort,
} from '@kubernetes/client-node';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';

/**
 * A client-node model as the API server's JSON carries it: the models type
 * timestamps as `Date`, but objects read over plain HTTP (as the cluster
 * client does) hold RFC 3339 strings.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends Array<infer U>
  ? Array<Wire<U>>
  : T extends object
  ? { [K in keyof T]: Wire<T[K]> }
  : T;

export type StringMap = Record<string, string>;
export type LabelSelector = Wire<V1LabelSelector>;
export type Container = Wire<V1Container>;
export type PodSpec = Wire<V1PodSpec>;
export type PodAffinity = Wire<V1PodAffinity>;
export type ServicePort = Wire<V1ServicePort>;
export type DeploymentCondition = Wire<V1DeploymentCondition>;

/** An apps/v1 Deployment as read from or sent to the API server. */
export interface Deployment extends KubernetesObject {
  metadata: KubernetesObject['metadata'] & { generation?: number };
  /** The API server refuses a Deployment without a pod template spec, so it is required here. */
  spec: Wire<V1DeploymentSpec> & {
    template: Wire<V1DeploymentSpec>['template'] & { spec: PodSpec };
  };
  status?: Wire<V1DeploymentStatus>;
}
