import { ConflictError } from '@backstage/errors';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  MANAGED_BY_ROLLOUTS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
} from './constants';
import type { ReplicaCounts } from './types';

type ServiceSpec = {
  selector?: Record<string, string>;
  [key: string]: unknown;
};

function specOf(service: KubernetesObject): ServiceSpec {
  return (service.spec as ServiceSpec | undefined) ?? {};
}

/** The hash a Service's selector pins, if any (Argo's `GetRolloutSelectorLabel`). */
export function serviceSelectedHash(
  service: KubernetesObject,
): string | undefined {
  return specOf(service).selector?.[POD_TEMPLATE_HASH_LABEL];
}

/** The Rollout a Service's `managed-by-rollouts` annotation names, if any. */
export function serviceManagedBy(
  service: KubernetesObject,
): string | undefined {
  return service.metadata.annotations?.[MANAGED_BY_ROLLOUTS_ANNOTATION];
}

/**
 * Refuses a Service that another Rollout manages, with Argo's message
 * (`validation_references.go`, `conditions.ServiceReferencingManagedService`).
 */
export function assertServiceManageable(
  service: KubernetesObject,
  rolloutName: string,
): void {
  const owner = serviceManagedBy(service);
  if (owner !== undefined && owner !== rolloutName) {
    throw new ConflictError(
      `Service "${service.metadata.name}" is managed by another Rollout (${owner}), not ${rolloutName}`,
    );
  }
}

/**
 * `service` (not modified) pointed at the ReplicaSet with `hash`, as
 * Argo's `switchServiceSelector` (`rollout/service.go`) patches it:
 * `rollouts-pod-template-hash: <hash>` added to (or replaced in) its
 * selector, and the `argo-rollouts.argoproj.io/managed-by-rollouts`
 * annotation naming the rollout. Throws a `ConflictError` when another
 * Rollout manages the Service.
 */
export function serviceSelectorPatch(
  service: KubernetesObject,
  hash: string,
  rolloutName: string,
): KubernetesObject {
  assertServiceManageable(service, rolloutName);
  const spec = specOf(service);
  return {
    ...service,
    metadata: {
      ...service.metadata,
      annotations: {
        ...service.metadata.annotations,
        [MANAGED_BY_ROLLOUTS_ANNOTATION]: rolloutName,
      },
    },
    spec: {
      ...spec,
      selector: { ...spec.selector, [POD_TEMPLATE_HASH_LABEL]: hash },
    },
  };
}

/**
 * Just the fields the rollout owns of the switched Service, for a
 * server-side apply under the rollout engine's field manager: the
 * annotation and the one selector key, so the selector's other keys and
 * the rest of the Service stay with whoever applied them. Same refusal as
 * `serviceSelectorPatch`.
 */
export function serviceSelectorApply(
  service: KubernetesObject,
  hash: string,
  rolloutName: string,
): KubernetesObject {
  assertServiceManageable(service, rolloutName);
  const metadata: KubernetesObject['metadata'] = {
    name: service.metadata.name,
    annotations: { [MANAGED_BY_ROLLOUTS_ANNOTATION]: rolloutName },
  };
  if (service.metadata.namespace)
    metadata.namespace = service.metadata.namespace;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { selector: { [POD_TEMPLATE_HASH_LABEL]: hash } },
  };
}

/**
 * `service` as Argo leaves it when no rollout references it any more
 * (`service/service.go`): without the hash in its selector and without
 * the managed-by annotation.
 */
export function releasedService(service: KubernetesObject): KubernetesObject {
  const annotations = { ...service.metadata.annotations };
  delete annotations[MANAGED_BY_ROLLOUTS_ANNOTATION];
  const spec = specOf(service);
  const selector = { ...spec.selector };
  delete selector[POD_TEMPLATE_HASH_LABEL];
  const metadata: KubernetesObject['metadata'] = { ...service.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  return {
    ...service,
    metadata,
    spec: spec.selector ? { ...spec, selector } : spec,
  };
}

/**
 * What Argo's reference validation (`ValidateService`) refuses in a
 * Service a rollout names: a selector key (other than the hash) the pod
 * template's labels do not carry with the same value, and management by
 * another Rollout. Empty when the Service is fit.
 */
export function serviceProblems(
  service: KubernetesObject,
  rolloutName: string,
  templateLabels: Record<string, string>,
): string[] {
  const name = service.metadata.name;
  const problems: string[] = [];
  for (const [key, value] of Object.entries(specOf(service).selector ?? {})) {
    if (key === POD_TEMPLATE_HASH_LABEL) continue;
    if (templateLabels[key] !== value) {
      problems.push(`Service "${name}" has unmatch label "${key}" in rollout`);
    }
  }
  const owner = serviceManagedBy(service);
  if (owner !== undefined && owner !== rolloutName) {
    problems.push(`Service "${name}" is managed by another Rollout`);
  }
  return problems;
}

/**
 * Whether a Service may be pointed at the ReplicaSet now, as Argo's
 * `ensureSVCTargets` (`rollout/service.go`) decides when it checks
 * availability: a Service no rollout manages yet (`adopting`, one taken
 * over from git) only onto a fully available ReplicaSet
 * (`IsReplicaSetAvailable`), so it is not pointed at too few pods; any
 * switch needs at least one available pod
 * (`IsReplicaSetPartiallyAvailable`).
 */
export function readyForServiceSwitch(
  target: ReplicaCounts,
  adopting: boolean,
): boolean {
  const fullyAvailable =
    target.replicas !== 0 &&
    target.availableReplicas !== 0 &&
    target.replicas <= target.availableReplicas;
  if (adopting && !fullyAvailable) return false;
  return target.availableReplicas > 0;
}

/**
 * `readyForServiceSwitch` for a live Service: adopting when it has no
 * `managed-by-rollouts` annotation; already pointing at `hash`: true.
 */
export function serviceSwitchReady(
  service: KubernetesObject,
  hash: string,
  target: ReplicaCounts,
): boolean {
  if (serviceSelectedHash(service) === hash) return true;
  return readyForServiceSwitch(target, serviceManagedBy(service) === undefined);
}
