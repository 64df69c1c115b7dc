import { KubernetesObject } from '@slipway/plugin-gitops-node';

export type HookPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
const HOOK_PHASES: HookPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

const WAVE_ANNOTATIONS = ['slipway.dev/sync-wave', 'argocd.argoproj.io/sync-wave'];
const HOOK_ANNOTATIONS = ['slipway.dev/hook', 'argocd.argoproj.io/hook'];

// Argo CD's kind order (Helm's install order), unknown kinds last.
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service',
  'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass',
  'Ingress', 'APIService',
];

const annotation = (obj: KubernetesObject, keys: string[]) =>
  keys.map(k => obj.metadata.annotations?.[k]).find(v => v !== undefined);

/** The sync wave of an object; 0 unless annotated. */
export function syncWave(obj: KubernetesObject): number {
  const raw = annotation(obj, WAVE_ANNOTATIONS);
  const wave = raw === undefined ? 0 : Number.parseInt(raw, 10);
  return Number.isFinite(wave) ? wave : 0;
}

/** The hook phases an object runs in, or none for a regular object. */
export function hookPhases(obj: KubernetesObject): HookPhase[] {
  const raw = annotation(obj, HOOK_ANNOTATIONS);
  if (!raw) return [];
  return raw
    .split(',')
    .map(p => p.trim())
    .filter((p): p is HookPhase => HOOK_PHASES.includes(p as HookPhase));
}

/** Whether an annotation value names a hook phase Slipway doesn't know. */
export function unknownHookPhases(obj: KubernetesObject): string[] {
  const raw = annotation(obj, HOOK_ANNOTATIONS);
  if (!raw) return [];
  return raw
    .split(',')
    .map(p => p.trim())
    .filter(p => p && p !== 'Skip' && !HOOK_PHASES.includes(p as HookPhase));
}

const kindRank = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
};

/** Whether an object must exist before anything of or in it is applied. */
export const isFoundation = (obj: KubernetesObject) =>
  obj.kind === 'Namespace' || obj.kind === 'CustomResourceDefinition';

/**
 * Apply order within one stage: cluster-scoped before namespaced, then kind
 * order, then namespace and name for a stable result.
 */
export function compareForApply(
  a: KubernetesObject,
  b: KubernetesObject,
): number {
  const scope = (o: KubernetesObject) => (o.metadata.namespace ? 1 : 0);
  return (
    scope(a) - scope(b) ||
    kindRank(a.kind) - kindRank(b.kind) ||
    (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}

/**
 * The stages of a sync: Namespaces and CRDs first (CRDs are awaited until
 * Established before the next stage), then one stage per sync wave,
 * ascending. Namespaces of objects must already be set.
 */
export function applyStages(objects: KubernetesObject[]): KubernetesObject[][] {
  const foundation = objects.filter(isFoundation).sort(compareForApply);
  const waves = new Map<number, KubernetesObject[]>();
  for (const obj of objects.filter(o => !isFoundation(o))) {
    const wave = syncWave(obj);
    waves.set(wave, [...(waves.get(wave) ?? []), obj]);
  }
  const ordered = [...waves.keys()]
    .sort((a, b) => a - b)
    .map(w => waves.get(w)!.sort(compareForApply));
  return [foundation, ...ordered].filter(stage => stage.length > 0);
}

/** Prune order: the reverse of apply order (dependents before what they need). */
export function pruneOrder(objects: KubernetesObject[]): KubernetesObject[] {
  return applyStages(objects).flat().reverse();
}
