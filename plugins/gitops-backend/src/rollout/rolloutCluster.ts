import type { AppProject } from '@slipway/plugin-gitops-common';
import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import {
  checkDestination,
  destinationOf,
  impersonatedUser,
} from '@slipway/plugin-gitops-node';
import { Cluster } from '../clusters/Cluster';
import { ROLLOUT_FIELD_MANAGER } from '../kube/fieldManagers';
import { CachedRolloutReads } from './cachedRolloutReads';

const label = (ref: { kind: string; namespace?: string; name?: string }) =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name ?? ''
  }`.trim();

/**
 * A cluster as one app's rollouts and their routers see it: reads and
 * applies under the rollout engine's field manager. Every call stays inside
 * the cluster's namespace allow-list and the project's destinations, and
 * goes out as the destination's ServiceAccount (Kubernetes impersonation),
 * so RBAC judges the rollout engine's writes as it judges the team's own.
 * With `cachedReads`, an object that such a read or write returned is read
 * again from the watch cache once the cache has caught up with it (see
 * CachedRolloutReads). Cluster-scoped objects are never touched: no rollout
 * needs one.
 */
export function rolloutClusterOf(
  cluster: Cluster,
  project: AppProject,
  cachedReads?: CachedRolloutReads,
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
    get: async ref => {
      const as = actingAs('Get', ref);
      const cached = await cachedReads?.read(cluster, ref, as);
      if (cached) return cached;
      const object = await cluster.get(ref, { as });
      cachedReads?.vouch(cluster.name, as, ref, object);
      return object;
    },
    apply: async obj => {
      const { apiVersion, kind, metadata } = obj;
      const ref = {
        apiVersion,
        kind,
        namespace: metadata.namespace,
        name: metadata.name,
      };
      const as = actingAs('Apply', ref);
      const stored = await cluster.apply(obj, {
        fieldManager: ROLLOUT_FIELD_MANAGER,
        as,
      });
      cachedReads?.vouch(cluster.name, as, ref, stored);
      return stored;
    },
    delete: async ref => {
      const as = actingAs('Delete', ref);
      cachedReads?.forget(cluster.name, as, ref);
      await cluster.delete(ref, { as });
    },
    list: async (apiVersion, kind, options = {}) =>
      cluster.list(apiVersion, kind, {
        ...options,
        as: actingAs('List', { kind, namespace: options.namespace }),
      }),
  };
}
