import type { Deployment } from '../../../kube/kubeTypes';
import { selectorMatches } from '../spec/labels';
import type {
  ArgoRolloutSpec,
  LabelSelector,
  LabelSelectorRequirement,
  PodTemplate,
} from '../spec';
import { WORKLOAD_GENERATION_ANNOTATION } from './constants';

/** What a `workloadRef` rollout runs, read from its Deployment. */
export interface ResolvedWorkload {
  /** The Deployment's pod template, which the rollout's ReplicaSets copy. */
  template: PodTemplate;
  /** The rollout's own selector, else the Deployment's. */
  selector: LabelSelector;
  /** `rollout.argoproj.io/workload-generation`: the Deployment's generation, which Argo records on the Rollout. */
  annotations: Record<string, string>;
}

/**
 * Argo's `informerBasedTemplateResolver.Resolve` (`rollout/templateref.go`)
 * for a Deployment: the rollout runs a copy of `spec.template` (an update
 * is a change to the Deployment's template) and, without a selector of
 * its own, selects with the Deployment's. Errors when the Deployment is
 * not the one `workloadRef` names, has no pod template, or when the
 * selector does not match the template's labels (Argo's spec validation).
 */
export function resolveWorkloadRef(
  spec: ArgoRolloutSpec,
  deployment: Deployment,
): { resolved?: ResolvedWorkload; errors: string[] } {
  const ref = spec.workloadRef;
  if (!ref) return { errors: ['spec.workloadRef: not set'] };
  const name = deployment.metadata.name;
  if (
    deployment.apiVersion !== ref.apiVersion ||
    deployment.kind !== ref.kind ||
    name !== ref.name
  ) {
    return {
      errors: [
        `spec.workloadRef: names ${ref.apiVersion} ${ref.kind} ${ref.name}, got ${deployment.apiVersion} ${deployment.kind} ${name}`,
      ],
    };
  }
  const source = deployment.spec?.template;
  if (!source?.spec) {
    return {
      errors: [`spec.workloadRef: Deployment ${name} has no pod template`],
    };
  }
  const template: PodTemplate = {
    metadata: {
      labels: { ...source.metadata?.labels },
      annotations: { ...source.metadata?.annotations },
    },
    spec: structuredClone(source.spec) as PodTemplate['spec'],
  };
  const selector = spec.selector ?? fromKubeSelector(deployment.spec.selector);
  if (!selector) {
    return { errors: [`spec.workloadRef: Deployment ${name} has no selector`] };
  }
  if (!selectorMatches(selector, template.metadata.labels)) {
    return {
      errors: [
        `spec.selector: does not match the labels of Deployment ${name}'s pod template`,
      ],
    };
  }
  const annotations: Record<string, string> = {};
  const generation = deployment.metadata.generation;
  if (generation !== undefined)
    annotations[WORKLOAD_GENERATION_ANNOTATION] = String(generation);
  return { resolved: { template, selector, annotations }, errors: [] };
}

function fromKubeSelector(
  selector: Deployment['spec']['selector'] | undefined,
): LabelSelector | undefined {
  if (!selector) return undefined;
  return {
    matchLabels: { ...selector.matchLabels },
    matchExpressions: (selector.matchExpressions ?? []).map(e => ({
      key: e.key,
      operator: e.operator as LabelSelectorRequirement['operator'],
      values: [...(e.values ?? [])],
    })),
  };
}

/** Where the rollout stands, for scaling its `workloadRef` Deployment down. */
export interface WorkloadRefProgress {
  /** The rollout's revision: the new ReplicaSet's `rollout.argoproj.io/revision`. */
  revision: number;
  /** Whether the rollout's phase is Healthy (for `scaleDown: onsuccess`). */
  healthy: boolean;
  /** `status.readyReplicas`: ready pods over all the rollout's ReplicaSets. */
  readyReplicas: number;
  /** The new ReplicaSet's replicas before and after this reconcile scaled it. */
  newReplicaSet: { from: number; to: number };
  /** The Deployment's `spec.replicas` now. */
  deploymentReplicas: number;
}

/**
 * The replicas to give the Deployment a `workloadRef` names, or undefined
 * to leave it alone. Argo (`reconcileNewReplicaSet` in
 * `rollout/replicaset.go`, `promoteStable` in `rollout/sync.go`) touches
 * it only during the rollout's first revision, the migration from the
 * Deployment:
 *
 * - `never`: never;
 * - `onsuccess`: 0 once the rollout is Healthy;
 * - `progressively`: `spec.replicas` minus the rollout's ready pods (at
 *   least 0) once any is ready, so the Deployment shrinks as the rollout
 *   grows, and grows back if the rollout's ReplicaSet is scaled down.
 */
export function workloadRefDeploymentReplicas(
  spec: ArgoRolloutSpec,
  progress: WorkloadRefProgress,
): number | undefined {
  const scaleDown = spec.workloadRef?.scaleDown ?? 'never';
  if (scaleDown === 'never' || progress.revision !== 1) return undefined;
  let target: number | undefined;
  if (scaleDown === 'onsuccess') {
    if (progress.healthy) target = 0;
  } else if (
    progress.readyReplicas > 0 ||
    progress.newReplicaSet.from > progress.newReplicaSet.to
  ) {
    target = Math.max(0, spec.replicas - progress.readyReplicas);
  }
  return target === progress.deploymentReplicas ? undefined : target;
}
