import { AppResource } from '@slipway/plugin-gitops-common';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { assessHealth } from './health';
import { ClusterApi } from '../kube/ClusterApi';
import { ComparedObject } from './apply/compareApp';
import { objectId } from '../kube/objectId';

// Live-only children shown under their owners: Deployment → ReplicaSet → Pod.
const CHILD_KINDS: Record<string, { apiVersion: string; kind: string }[]> = {
  Deployment: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet' }],
  ReplicaSet: [{ apiVersion: 'v1', kind: 'Pod' }],
  StatefulSet: [{ apiVersion: 'v1', kind: 'Pod' }],
  DaemonSet: [{ apiVersion: 'v1', kind: 'Pod' }],
  Job: [{ apiVersion: 'v1', kind: 'Pod' }],
};

/** Adds the live children the cluster made of `owner` (and theirs) under `parentId`. */
export async function addLiveChildren(
  cluster: ClusterApi,
  owner: KubernetesObject,
  parentId: string,
  resources: AppResource[],
): Promise<void> {
  for (const child of CHILD_KINDS[owner.kind] ?? []) {
    const uid = owner.metadata.uid as string | undefined;
    if (!uid) continue;
    const owned = await cluster.listLive(
      child.apiVersion,
      child.kind,
      owner.metadata.namespace,
      uid,
    );
    for (const obj of owned) {
      const id = objectId(obj);
      const health = assessHealth(obj);
      resources.push({
        id,
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        parentId,
        healthStatus: health.status,
        message: health.message,
      });
      await addLiveChildren(cluster, obj, id, resources);
    }
  }
}

/**
 * The GitOps tab's tree: every desired object with its sync status and
 * health, and the live children the cluster made of them.
 */
export async function resourceTree(
  cluster: ClusterApi,
  compared: ComparedObject[],
): Promise<AppResource[]> {
  const resources: AppResource[] = [];
  for (const c of compared) {
    const health = assessHealth(c.live);
    resources.push({
      id: c.id,
      apiVersion: c.object.apiVersion,
      kind: c.object.kind,
      namespace: c.object.metadata.namespace,
      name: c.object.metadata.name,
      syncStatus: c.diff.syncStatus,
      healthStatus: health.status,
      message: health.message,
      diff: c.diff.diff || undefined,
    });
    if (c.live) await addLiveChildren(cluster, c.live, c.id, resources);
  }
  return resources;
}
