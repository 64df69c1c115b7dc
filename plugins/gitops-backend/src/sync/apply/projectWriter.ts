import type { AppProject } from '@slipway/plugin-gitops-common';
import { destinationOf, impersonatedUser } from '@slipway/plugin-gitops-node';
import { ClusterApi } from '../../kube/ClusterApi';

/**
 * The cluster as one app writes to it: every apply (dry runs included) and
 * delete goes out as the ServiceAccount of the project destination the
 * object lands in, so Kubernetes RBAC is a second wall behind the project's
 * own checks. Cluster-scoped objects are written as the app's own
 * destination. Reads still come from Slipway's watch cache.
 */
export function projectWriter(
  cluster: ClusterApi,
  app: { namespace: string; project: AppProject },
): ClusterApi {
  const userFor = (namespace: string | undefined) =>
    impersonatedUser(
      destinationOf(app.project, cluster.name, namespace ?? app.namespace),
    );
  return {
    name: cluster.name,
    isNamespaced: (apiVersion, kind) => cluster.isNamespaced(apiVersion, kind),
    checkNamespace: namespace => cluster.checkNamespace(namespace),
    apply: (obj, options = {}) =>
      cluster.apply(obj, { ...options, as: userFor(obj.metadata.namespace) }),
    getLive: ref => cluster.getLive(ref),
    listLive: (apiVersion, kind, namespace, ownerUid) =>
      cluster.listLive(apiVersion, kind, namespace, ownerUid),
    delete: ref => cluster.delete(ref, { as: userFor(ref.namespace) }),
    preferredVersion: (group, kind) => cluster.preferredVersion(group, kind),
    nextChange: (ids, timeoutMs) => cluster.nextChange(ids, timeoutMs),
  };
}
