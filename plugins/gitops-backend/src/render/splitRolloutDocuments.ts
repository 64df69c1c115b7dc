import type { KubernetesObject } from '@slipway/plugin-gitops-node';

/** Groups/kinds that describe a progressive rollout instead of cluster state. */
const ROLLOUT_KINDS: Array<{ group: string; kind: string }> = [
  { group: 'flagger.app', kind: 'Canary' },
  { group: 'slipway.dev', kind: 'Rollout' },
  // Read by the rollout engine from the repo: Slipway installs no Flagger CRDs.
  { group: 'flagger.app', kind: 'MetricTemplate' },
  { group: 'flagger.app', kind: 'AlertProvider' },
  // Argo Rollouts objects run by the rollout engine, which is their controller.
  { group: 'argoproj.io', kind: 'Rollout' },
  { group: 'argoproj.io', kind: 'AnalysisTemplate' },
  { group: 'argoproj.io', kind: 'ClusterAnalysisTemplate' },
];

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

const isArgoKind = (object: KubernetesObject) =>
  groupOf(object.apiVersion) === 'argoproj.io';

/**
 * True for a Flagger `Canary`, `MetricTemplate`, `AlertProvider`, a Slipway
 * `Rollout` or an Argo Rollouts `Rollout`, `AnalysisTemplate` or
 * `ClusterAnalysisTemplate` document (any version).
 */
export function isRolloutDocument(object: KubernetesObject): boolean {
  const group = groupOf(object.apiVersion);
  return ROLLOUT_KINDS.some(k => k.group === group && k.kind === object.kind);
}

/**
 * Separates the rollout settings (read by the rollout engine, never applied
 * to the cluster) from the objects to apply. Order within each list is kept.
 * With `argoController`, the cluster's own Argo Rollouts controller runs
 * Argo's objects: they are applied like any manifest.
 */
export function splitRolloutDocuments(
  objects: KubernetesObject[],
  options: { argoController?: boolean } = {},
): {
  manifests: KubernetesObject[];
  rollouts: KubernetesObject[];
} {
  const manifests: KubernetesObject[] = [];
  const rollouts: KubernetesObject[] = [];
  for (const object of objects) {
    const read =
      isRolloutDocument(object) &&
      !(options.argoController && isArgoKind(object));
    (read ? rollouts : manifests).push(object);
  }
  return { manifests, rollouts };
}
