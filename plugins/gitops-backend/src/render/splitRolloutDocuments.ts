import type { KubernetesObject } from '@internal/plugin-gitops-node';

/** Groups/kinds that describe a progressive rollout instead of cluster state. */
const ROLLOUT_KINDS: Array<{ group: string; kind: string }> = [
  { group: 'flagger.app', kind: 'Canary' },
  { group: 'slipway.dev', kind: 'Rollout' },
  // Read by the rollout engine from the repo: Slipway installs no Flagger CRDs.
  { group: 'flagger.app', kind: 'MetricTemplate' },
  { group: 'flagger.app', kind: 'AlertProvider' },
];

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True for a Flagger `Canary`, `MetricTemplate`, `AlertProvider` or a Slipway `Rollout` document (any version). */
export function isRolloutDocument(object: KubernetesObject): boolean {
  const group = groupOf(object.apiVersion);
  return ROLLOUT_KINDS.some(k => k.group === group && k.kind === object.kind);
}

/**
 * Separates the rollout settings (read by the rollout engine, never applied
 * to the cluster) from the objects to apply. Order within each list is kept.
 */
export function splitRolloutDocuments(objects: KubernetesObject[]): {
  manifests: KubernetesObject[];
  rollouts: KubernetesObject[];
} {
  const manifests: KubernetesObject[] = [];
  const rollouts: KubernetesObject[] = [];
  for (const object of objects) {
    (isRolloutDocument(object) ? rollouts : manifests).push(object);
  }
  return { manifests, rollouts };
}
