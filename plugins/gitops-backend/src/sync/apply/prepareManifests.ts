import type { AppProject } from '@slipway/plugin-gitops-common';
import {
  checkDestination,
  checkObject,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import { ClusterApi } from '../../kube/ClusterApi';
import { apiGroup, objectId, objectLabel } from '../../kube/objectId';
import { hookPhases, unknownHookPhases } from './order';
import { withOwnershipMarker } from '../../kube/ownership';
import { withLiveRoutedFields } from './liveRoutedFields';

/** What a rendered manifest becomes before it is compared and applied. */
export interface PreparedObject {
  id: string;
  object: KubernetesObject;
  hook: boolean;
}

export interface PrepareOptions {
  appKey: string;
  namespace: string;
  /** What the app may touch: every object is checked against it. */
  project: AppProject;
  /** The workload whose `spec.replicas` the rollout engine owns. */
  canary?: string;
  /** Apex Services of the app's rollouts: their `spec.selector` is the rollout engine's. */
  rolloutServices?: string[];
  /** Routing objects whose weights the app's Argo canaries set: those stay as they are live. */
  routedObjects?: Array<{ kind: string; namespace: string; name: string }>;
}

/**
 * Defaults namespaces, checks every object against the app's project (kind
 * rules and destinations) and the cluster's allow-list, marks
 * ownership and leaves the canary's replicas, the apex Services' selectors
 * and the weights of Argo canaries' routing objects to the rollout engine,
 * so the two never undo each other's writes
 * (docs/rollout-engine.md#sharing-objects-with-the-sync-engine). Returns
 * every problem at once so the owner can fix them in one commit.
 */
export async function prepareManifests(
  objects: KubernetesObject[],
  cluster: ClusterApi,
  options: PrepareOptions,
): Promise<{ prepared: PreparedObject[]; errors: string[] }> {
  const errors: string[] = [];
  const prepared: PreparedObject[] = [];
  const seen = new Set<string>();
  const crdScopes = new Map(
    objects
      .filter(o => o.kind === 'CustomResourceDefinition')
      .map(o => {
        const spec = (o.spec ?? {}) as CrdSpec;
        return [`${spec.group}/${spec.names?.kind}`, spec.scope !== 'Cluster'];
      }),
  );

  for (const original of objects) {
    let obj = original;
    try {
      const namespaced = await isNamespaced(cluster, obj, crdScopes);
      if (namespaced) {
        const namespace = obj.metadata.namespace || options.namespace;
        cluster.checkNamespace(namespace);
        obj = { ...obj, metadata: { ...obj.metadata, namespace } };
      } else if (obj.metadata.namespace) {
        const { namespace: _dropped, ...metadata } = obj.metadata;
        obj = { ...obj, metadata: metadata as KubernetesObject['metadata'] };
      }
      if (obj.kind === 'Namespace') cluster.checkNamespace(obj.metadata.name);
    } catch (error) {
      errors.push(`${objectLabel(obj)}: ${(error as Error).message}`);
      continue;
    }
    const denial = projectDenial(obj, cluster.name, options.project);
    if (denial) {
      errors.push(
        `${objectLabel(obj)}: refused by ${denial.rule}: ${denial.message}`,
      );
      continue;
    }
    const unknown = unknownHookPhases(obj);
    if (unknown.length) {
      errors.push(
        `${objectLabel(obj)}: unknown hook phase '${unknown.join(', ')}'`,
      );
      continue;
    }
    if (isCanaryWorkload(obj, options.canary))
      obj = withoutSpecField(obj, 'replicas');
    if (isRolloutService(obj, options.rolloutServices))
      obj = withoutSpecField(obj, 'selector');
    if (isRouted(obj, options.routedObjects)) {
      const { apiVersion, kind, metadata } = obj;
      const ref = {
        apiVersion,
        kind,
        namespace: metadata.namespace,
        name: metadata.name,
      };
      obj = withLiveRoutedFields(obj, await cluster.getLive(ref));
    }

    const id = objectId(obj);
    if (seen.has(id)) {
      errors.push(`${objectLabel(obj)} is declared twice`);
      continue;
    }
    seen.add(id);
    prepared.push({
      id,
      object: withOwnershipMarker(options.appKey, obj),
      hook: hookPhases(obj).length > 0,
    });
  }
  return { prepared, errors };
}

// A Namespace the app creates must itself be one of the project's destinations.
function projectDenial(
  obj: KubernetesObject,
  cluster: string,
  project: AppProject,
) {
  const group = apiGroup(obj.apiVersion);
  return (
    checkObject(project, cluster, {
      group,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
    }) ??
    (group === '' && obj.kind === 'Namespace'
      ? checkDestination(project, cluster, obj.metadata.name)
      : undefined)
  );
}

type CrdSpec = { group?: string; scope?: string; names?: { kind?: string } };

// A custom resource whose CRD arrives in the same sync takes its scope from
// that CRD: the API server cannot tell before the CRD exists.
async function isNamespaced(
  cluster: ClusterApi,
  obj: KubernetesObject,
  crdScopes: Map<string, boolean>,
): Promise<boolean> {
  const fromCrd = crdScopes.get(`${obj.apiVersion.split('/')[0]}/${obj.kind}`);
  if (fromCrd !== undefined) return fromCrd;
  return cluster.isNamespaced(obj.apiVersion, obj.kind);
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

function isCanaryWorkload(obj: KubernetesObject, canary?: string) {
  return (
    canary !== undefined &&
    obj.metadata.name === canary &&
    obj.apiVersion === 'apps/v1' &&
    WORKLOAD_KINDS.includes(obj.kind)
  );
}

function isRouted(
  obj: KubernetesObject,
  routed?: PrepareOptions['routedObjects'],
) {
  return Boolean(
    routed?.some(
      r =>
        r.kind === obj.kind &&
        r.name === obj.metadata.name &&
        r.namespace === obj.metadata.namespace,
    ),
  );
}

function isRolloutService(obj: KubernetesObject, services?: string[]) {
  return (
    obj.apiVersion === 'v1' &&
    obj.kind === 'Service' &&
    (services ?? []).includes(obj.metadata.name)
  );
}

function withoutSpecField(
  obj: KubernetesObject,
  field: string,
): KubernetesObject {
  const spec = { ...(obj.spec as Record<string, unknown>) };
  delete spec[field];
  return { ...obj, spec };
}
