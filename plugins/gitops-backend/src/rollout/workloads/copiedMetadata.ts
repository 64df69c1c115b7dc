import { TRACKING_ANNOTATION } from '../../kube/ownership';
import type { StringMap } from '../../kube/kubeTypes';

/**
 * Whether a label or annotation of the target may be copied to an object
 * derived from it. Not copied: Flux's keys (Flux would claim the copy), the
 * sync engine's tracking id (it would prune the copy as its own), kubectl's
 * last-applied configuration (it describes another object) and the
 * Deployment controller's own annotations (it writes them per Deployment).
 */
function copyable(key: string): boolean {
  return (
    !key.includes('toolkit.fluxcd.io') &&
    key !== TRACKING_ANNOTATION &&
    key !== 'kubectl.kubernetes.io/last-applied-configuration' &&
    !key.startsWith('deployment.kubernetes.io/')
  );
}

/** The copyable entries of a label or annotation map; undefined when none is left. */
export function copyableMetadata(
  map: StringMap | undefined,
): StringMap | undefined {
  const entries = Object.entries(map ?? {}).filter(([key]) => copyable(key));
  return entries.length ? Object.fromEntries(entries) : undefined;
}
