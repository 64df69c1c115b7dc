import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import type { OwnerReference } from '../replicas/types';

/** The TrafficSplit versions Argo can write; it writes `v1alpha1` unless its controller is told otherwise. */
export type SmiApiVersion = 'v1alpha1' | 'v1alpha2' | 'v1alpha3';

export const DEFAULT_SMI_API_VERSION: SmiApiVersion = 'v1alpha1';

export interface TrafficSplitInput {
  name: string;
  namespace: string;
  /** `smi.rootService`: the Service clients call. */
  rootService: string;
  canaryService: string;
  stableService: string;
  canaryWeight: number;
  stableWeight: number;
  apiVersion: SmiApiVersion;
  owner?: OwnerReference;
}

/**
 * The TrafficSplit Argo's SMI reconciler writes: the root Service split
 * between the canary (first) and the stable backend. In `v1alpha1` a
 * weight is a resource quantity, which Argo sends as a string.
 */
export function trafficSplit(input: TrafficSplitInput): KubernetesObject {
  const weight = (value: number) =>
    input.apiVersion === 'v1alpha1' ? String(value) : value;
  return {
    apiVersion: `split.smi-spec.io/${input.apiVersion}`,
    kind: 'TrafficSplit',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(input.owner ? { ownerReferences: [input.owner] } : {}),
    },
    spec: {
      service: input.rootService,
      backends: [
        { service: input.canaryService, weight: weight(input.canaryWeight) },
        { service: input.stableService, weight: weight(input.stableWeight) },
      ],
    },
  };
}
