import type { AppProject } from '@internal/plugin-gitops-common';
import type { RolloutCluster } from '@internal/plugin-gitops-node';
import {
  checkDestination,
  destinationOf,
  impersonatedUser,
} from '@internal/plugin-gitops-node';
import { Cluster } from '../clusters/Cluster';
import { ROLLOUT_FIELD_MANAGER } from '../kube/fieldManagers';

const label = (ref: { kind: string; namespace?: string; name?: string }) =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name ?? ''
  }`.trim();

/**
 * A cluster as one app's rollouts and their routers see it: direct API reads
 * (never the watch cache, which may lag a write just made) and applies under
 * the rollout engine's field manager. Every call stays inside the cluster's
 * namespace allow-list and the project's destinations, and goes out as the
 * destination's ServiceAccount (Kubernetes impersonation), so RBAC judges
 * the rollout engine's writes as it judges the team's own. Cluster-scoped
 * objects are never touched: no rollout needs one.
 */
export function rolloutClusterOf(
  cluster: Cluster,
  project: AppProject,
): RolloutCluster {
  /** The user to act as in a namespace; throws, naming the rule, outside the project's destinations. */
  const actingAs = (
    action: string,
    ref: { kind: string; namespace?: string; name?: string },
  ) => {
    const { namespace } = ref;
    if (!namespace) {
      throw new Error(
        `${action} of cluster-scoped ${label(ref)} on cluster '${
          cluster.name
        }' refused: the rollout engine only touches namespaced objects of its project's destinations`,
      );
    }
    cluster.checkNamespace(namespace);
    const denial = checkDestination(project, cluster.name, namespace);
    if (denial) {
      throw new Error(
        `${action} of ${label(ref)} refused: ${denial.message} (rule: ${
          denial.rule
        })`,
      );
    }
    return impersonatedUser(destinationOf(project, cluster.name, namespace));
  };
  return {
    name: cluster.name,
    get: async ref => cluster.get(ref, { as: actingAs('Get', ref) }),
    apply: async obj => {
      const as = actingAs('Apply', { ...obj.metadata, kind: obj.kind });
      return cluster.apply(obj, { fieldManager: ROLLOUT_FIELD_MANAGER, as });
    },
    delete: async ref => cluster.delete(ref, { as: actingAs('Delete', ref) }),
    list: async (apiVersion, kind, options = {}) =>
      cluster.list(apiVersion, kind, {
        ...options,
        as: actingAs('List', { kind, namespace: options.namespace }),
      }),
  };
}
