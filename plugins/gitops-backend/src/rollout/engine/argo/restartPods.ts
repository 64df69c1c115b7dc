import { POD_TEMPLATE_HASH_LABEL } from '../../argo/replicas';
import { ARGO_ROLLOUT_LABEL } from './observe';
import type { ActiveArgoRollout } from './types';

interface PodMeta {
  metadata: {
    name: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
}

/**
 * `spec.restartAt`: deletes one of the rollout's pods created before the
 * time, and only while none is terminating, so the ReplicaSets replace them
 * one by one (Argo's pod restarter, at its most careful). True while pods
 * to restart are left: the engine calls it again on later ticks.
 */
export async function restartPods(
  rollout: ActiveArgoRollout,
  createdBefore: string,
): Promise<boolean> {
  const { cluster, namespace } = rollout;
  const replicaSets = await cluster.list('apps/v1', 'ReplicaSet', {
    namespace,
    labelSelector: `${ARGO_ROLLOUT_LABEL}=${rollout.rollout}`,
  });
  const hashes = replicaSets
    .map(rs => rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL])
    .filter((h): h is string => Boolean(h));
  if (!hashes.length) return false;
  const pods = (await cluster.list('v1', 'Pod', {
    namespace,
    labelSelector: `${POD_TEMPLATE_HASH_LABEL} in (${hashes.join(',')})`,
  })) as unknown as PodMeta[];
  const before = Date.parse(createdBefore);
  const stale = pods
    .filter(
      p =>
        !p.metadata.deletionTimestamp &&
        Date.parse(p.metadata.creationTimestamp ?? '') < before,
    )
    .sort((a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(
        b.metadata.creationTimestamp ?? '',
      ),
    );
  if (!stale.length) return false;
  if (pods.some(p => p.metadata.deletionTimestamp)) return true;
  await cluster.delete({
    apiVersion: 'v1',
    kind: 'Pod',
    namespace,
    name: stale[0].metadata.name,
  });
  return stale.length > 1;
}
