import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import type { Deployment } from '../../../kube/kubeTypes';
import {
  DESIRED_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  podTemplateHash,
  resolveWorkloadRef,
  revisionOf,
  type ReplicaSet,
} from '../../argo/replicas';
import type { ArgoReplicaSetObservation } from '../../argo/controller/types';
import type { LabelSelector, PodTemplate } from '../../argo/spec/types';
import type { ActiveArgoRollout } from './types';

/** Label on the ReplicaSets Slipway runs for an Argo Rollout: the Rollout's name (Argo finds them by owner; Slipway's have none, see replicaSets.ts). */
export const ARGO_ROLLOUT_LABEL = 'slipway.dev/argo-rollout';

/** The pod template the rollout runs and the selector its ReplicaSets use. */
export interface RolloutTemplate {
  template: PodTemplate;
  selector: LabelSelector;
  hash: string;
}

/** The rollout's own template, or the `workloadRef` Deployment's as the cluster has it. */
export async function readTemplate(
  rollout: ActiveArgoRollout,
): Promise<RolloutTemplate> {
  const { spec, cluster, namespace } = rollout;
  let template = spec.template;
  let selector = spec.selector;
  if (spec.workloadRef) {
    const { name, apiVersion, kind } = spec.workloadRef;
    const deployment = (await cluster.get({
      apiVersion,
      kind,
      namespace,
      name,
    })) as Deployment | undefined;
    if (!deployment)
      throw new Error(
        `spec.workloadRef: Deployment ${namespace}/${name} not found`,
      );
    const { resolved, errors } = resolveWorkloadRef(spec, deployment);
    if (!resolved) throw new Error(errors.join('; '));
    template = resolved.template;
    selector = resolved.selector;
  }
  if (!template || !selector)
    throw new Error(
      `Rollout ${rollout.rollout} has no pod template or selector`,
    );
  return { template, selector, hash: podTemplateHash(template) };
}

/** The ReplicaSets Slipway made for the rollout, as the cluster has them. */
export async function listReplicaSets(
  cluster: RolloutCluster,
  namespace: string,
  rolloutName: string,
): Promise<ReplicaSet[]> {
  const items = await cluster.list('apps/v1', 'ReplicaSet', {
    namespace,
    labelSelector: `${ARGO_ROLLOUT_LABEL}=${rolloutName}`,
  });
  return items as ReplicaSet[];
}

/** A live ReplicaSet as the planner reads it. */
export function observeForPlan(rs: ReplicaSet): ArgoReplicaSetObservation {
  const desired = Number(
    rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION],
  );
  return {
    podTemplateHash: rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
    replicas: rs.spec.replicas ?? 1,
    statusReplicas: rs.status?.replicas ?? 0,
    readyReplicas: rs.status?.readyReplicas ?? 0,
    availableReplicas: rs.status?.availableReplicas ?? 0,
    ...(Number.isInteger(desired) ? { desiredReplicas: desired } : {}),
    ...(revisionOf(rs) !== undefined ? { revision: revisionOf(rs) } : {}),
    ...(rs.metadata.creationTimestamp
      ? { createdAt: rs.metadata.creationTimestamp }
      : {}),
  };
}
