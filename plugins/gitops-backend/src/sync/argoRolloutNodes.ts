import type { AppResource } from '@slipway/plugin-gitops-common';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import type { RolloutRecord } from '../rollout/validateRollouts';
import type { ClusterApi } from '../kube/ClusterApi';
import { objectId } from '../kube/objectId';
import type { ArgoRolloutStatus } from '../rollout/argo/controller/types';
import { ARGO_ROLLOUT_LABEL } from '../rollout/engine/argo/observe';
import type { ArgoRolloutSpec } from '../rollout/argo/spec/types';
import { assessHealth } from './health';
import type { HealthAssessment } from './health/types';
import { addLiveChildren } from './resourceTree';

/** Argo's status of a Rollout the rollout engine runs; undefined before its first tick. */
export type ArgoStatusLookup = (
  appKey: string,
  rollout: string,
) => Promise<ArgoRolloutStatus | undefined>;

/**
 * The Rollout as Argo's controller would have written it back: its spec's
 * strategy and replicas, and the status the rollout engine keeps, observed
 * at generation 1 (Slipway reads the document afresh from Git each time).
 */
function liveRollout(
  spec: ArgoRolloutSpec,
  namespace: string,
  status: ArgoRolloutStatus | undefined,
): KubernetesObject {
  return {
    apiVersion: spec.source.apiVersion,
    kind: 'Rollout',
    metadata: { name: spec.source.name, namespace, generation: 1 },
    spec: {
      replicas: spec.replicas,
      paused: spec.paused,
      strategy: { [spec.strategy.kind]: {} },
    },
    ...(status
      ? {
          status: {
            ...status,
            observedGeneration: '1',
            blueGreen: {
              activeSelector: status.blueGreen.activeSelector,
              previewSelector: status.blueGreen.previewSelector,
            },
          },
        }
      : {}),
  };
}

/**
 * The GitOps tab's nodes for the Argo Rollouts the rollout engine runs (they
 * are read from Git, not applied): each Rollout, judged by Argo CD's health
 * rule for Rollouts on the status the engine keeps, with its ReplicaSets and
 * their pods under it.
 */
export async function argoRolloutNodes(
  cluster: ClusterApi,
  appKey: string,
  appNamespace: string,
  records: RolloutRecord[],
  statusOf?: ArgoStatusLookup,
): Promise<{
  resources: AppResource[];
  health: Array<HealthAssessment & { object: KubernetesObject }>;
}> {
  const resources: AppResource[] = [];
  const health: Array<HealthAssessment & { object: KubernetesObject }> = [];
  for (const record of records) {
    const spec = record.argo;
    if (!spec || record.errors.length) continue;
    const namespace = spec.source.namespace ?? appNamespace;
    const status = await statusOf?.(appKey, record.name);
    const object = liveRollout(spec, namespace, status);
    const assessed: HealthAssessment = statusOf
      ? assessHealth(object)
      : { status: 'Unknown', message: 'The rollout engine is not running' };
    const id = objectId(object);
    resources.push({
      id,
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace,
      name: record.name,
      syncStatus: 'Synced',
      healthStatus: assessed.status,
      message: assessed.message,
    });
    health.push({ ...assessed, object });
    const replicaSets = await cluster.listLive(
      'apps/v1',
      'ReplicaSet',
      namespace,
    );
    for (const rs of replicaSets) {
      if (rs.metadata.labels?.[ARGO_ROLLOUT_LABEL] !== record.name) continue;
      const rsId = objectId(rs);
      const rsHealth = assessHealth(rs);
      resources.push({
        id: rsId,
        apiVersion: rs.apiVersion,
        kind: rs.kind,
        namespace,
        name: rs.metadata.name,
        parentId: id,
        healthStatus: rsHealth.status,
        message: rsHealth.message,
      });
      await addLiveChildren(cluster, rs, rsId, resources);
    }
  }
  return { resources, health };
}
