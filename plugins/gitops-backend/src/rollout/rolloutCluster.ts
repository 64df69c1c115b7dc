import type { RolloutCluster } from '@internal/plugin-gitops-node';
import { Cluster, ROLLOUT_FIELD_MANAGER } from '../clusters/Cluster';

/**
 * A cluster as the rollout engine and its routers see it: direct API reads
 * (never the watch cache, which may lag a write just made) and applies under
 * the rollout engine's field manager, inside the cluster's namespace allow-list.
 */
export function rolloutClusterOf(cluster: Cluster): RolloutCluster {
  const allowed = (namespace?: string) => {
    if (namespace) cluster.checkNamespace(namespace);
  };
  return {
    name: cluster.name,
    get: async ref => {
      allowed(ref.namespace);
      return cluster.get(ref);
    },
    apply: async obj => {
      allowed(obj.metadata.namespace);
      return cluster.apply(obj, { fieldManager: ROLLOUT_FIELD_MANAGER });
    },
    delete: async ref => {
      allowed(ref.namespace);
      return cluster.delete(ref);
    },
    list: async (apiVersion, kind, options = {}) => {
      allowed(options.namespace);
      return cluster.list(apiVersion, kind, options);
    },
  };
}
