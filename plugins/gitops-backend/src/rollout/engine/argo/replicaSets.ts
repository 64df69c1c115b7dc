import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  replicaSetFor,
  scaledReplicaSet,
  withScaleDownDeadline,
  type ReplicaSet,
} from '../../argo/replicas';
import { ARGO_ROLLOUT_LABEL, type RolloutTemplate } from './observe';
import type { ActiveArgoRollout } from './types';

/**
 * The new ReplicaSet of the current template, as Slipway applies it: Argo's
 * object without its owner reference (the Rollout lives in Git, not in the
 * cluster, and the garbage collector deletes what names a missing owner),
 * labelled with the Rollout's name so the engine finds its ReplicaSets.
 */
export function newReplicaSet(
  rollout: ActiveArgoRollout,
  template: RolloutTemplate,
  revision: number,
  stableHash: string | undefined,
): ReplicaSet {
  const built = replicaSetFor(
    { spec: rollout.spec, uid: '' },
    template.template,
    template.hash,
    0,
    revision,
    { stableHash: stableHash || undefined, selector: template.selector },
  );
  const { ownerReferences: _none, ...metadata } = built.metadata;
  return {
    ...built,
    metadata: {
      ...metadata,
      namespace: rollout.namespace,
      labels: { ...metadata.labels, [ARGO_ROLLOUT_LABEL]: rollout.rollout },
    },
  };
}

/**
 * A live ReplicaSet at a new size, as a complete apply: the engine's field
 * manager owns the whole object, so leaving a field out would remove it.
 */
export function resizedReplicaSet(
  live: ReplicaSet,
  replicas: number,
  rolloutReplicas: number,
  scaleDownAt: string | undefined,
): KubernetesObject {
  const scaled = withScaleDownDeadline(
    scaledReplicaSet(live, replicas, rolloutReplicas),
    replicas === 0 ? undefined : scaleDownAt,
  );
  const { name, namespace, labels, annotations } = scaled.metadata;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace, labels, annotations },
    spec: scaled.spec,
  };
}
