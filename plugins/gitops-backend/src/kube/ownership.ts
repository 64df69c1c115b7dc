import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { objectId } from './objectId';

/**
 * Annotation marking an object as applied by one Slipway app, in Argo CD's
 * tracking-id shape: `<appKey>:<group>/<kind>:<namespace>/<name>`. Prune only
 * deletes objects that still carry it with their own id, so an object copied
 * or adopted elsewhere is never deleted by mistake.
 */
export const TRACKING_ANNOTATION = 'slipway.dev/tracking-id';
/** Label for cheap selection of everything Slipway manages. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

const PRUNE_DISABLED = [
  ['slipway.dev/prune', 'disabled'],
  ['kustomize.toolkit.fluxcd.io/prune', 'disabled'],
  ['argocd.argoproj.io/sync-options', 'prune=false'],
];

export function trackingId(appKey: string, obj: KubernetesObject): string {
  const [group, kind, namespace, name] = objectId(obj).split('/');
  return `${appKey}:${group}/${kind}:${namespace}/${name}`;
}

/** A copy of the object carrying the app's ownership marker. */
export function withOwnershipMarker<T extends KubernetesObject>(
  appKey: string,
  obj: T,
): T {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: { ...obj.metadata.labels, [MANAGED_BY_LABEL]: 'slipway' },
      annotations: {
        ...obj.metadata.annotations,
        [TRACKING_ANNOTATION]: trackingId(appKey, obj),
      },
    },
  };
}

/** Whether the live object is still this app's own. */
export function isOwnedBy(appKey: string, live: KubernetesObject): boolean {
  return (
    live.metadata.annotations?.[TRACKING_ANNOTATION] ===
    trackingId(appKey, live)
  );
}

/** Whether the object opted out of pruning, by label or annotation, any case. */
export function isPruneDisabled(obj: KubernetesObject): boolean {
  const marks = { ...obj.metadata.labels, ...obj.metadata.annotations };
  return Object.entries(marks).some(([key, value]) =>
    PRUNE_DISABLED.some(
      ([k, v]) =>
        key.toLowerCase() === k &&
        String(value).toLowerCase().replace(/\s/g, '').split(',').includes(v),
    ),
  );
}

/** The app key a tracking id names, or undefined for a foreign value. */
export function appKeyOfTrackingId(
  value: string | undefined,
): string | undefined {
  const match = value?.match(/^(.+):[^:/]*\/[^:/]+:[^:/]*\/[^:/]+$/);
  return match?.[1];
}

/**
 * The other app a live object belongs to, if its tracking id names one:
 * such an object is never adopted, overwritten or pruned.
 */
export function foreignOwner(
  appKey: string,
  live: KubernetesObject | undefined,
): string | undefined {
  const owner = appKeyOfTrackingId(
    live?.metadata.annotations?.[TRACKING_ANNOTATION],
  );
  return owner !== undefined && owner !== appKey ? owner : undefined;
}
