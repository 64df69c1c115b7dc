import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ROLLOUT_FIELD_MANAGER } from '../kube/fieldManagers';
import { TRACKING_ANNOTATION } from '../kube/ownership';

const writtenByRollouts = (managedFields: unknown) =>
  Array.isArray(managedFields) &&
  managedFields.some(
    entry =>
      (entry as { manager?: unknown })?.manager === ROLLOUT_FIELD_MANAGER,
  );

/**
 * What the watch cache keeps of a live object. `managedFields`, often the
 * largest part of its metadata, matter only for objects an app applies (a
 * diff may leave out fields another manager owns); objects no app tracks,
 * such as the ReplicaSets and Pods under a Deployment or anything else in
 * the cluster, are kept without them, so the cache's memory follows what
 * the apps own more than what the cluster holds. Objects the rollout
 * engine writes (primaries, Services, routing objects) keep them too: it
 * reads them from the cache and applies only the fields it owns. An object
 * an app is about to adopt has no marker yet: its first comparison sees no
 * managedFields.
 */
export function slimLiveObject(obj: KubernetesObject): KubernetesObject {
  const { metadata } = obj;
  if (
    metadata.managedFields === undefined ||
    metadata.annotations?.[TRACKING_ANNOTATION] !== undefined ||
    writtenByRollouts(metadata.managedFields)
  )
    return obj;
  const { managedFields: _dropped, ...kept } = metadata;
  return { ...obj, metadata: kept as KubernetesObject['metadata'] };
}
