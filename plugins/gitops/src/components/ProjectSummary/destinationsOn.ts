import { minimatch } from 'minimatch';
import { ProjectDestination } from '@slipway/plugin-gitops-common';

/**
 * The project destinations whose cluster glob covers a cluster, matched with
 * the same library and options as the backend's checks, so the card shows
 * exactly the destinations a sync on that cluster is held to.
 */
export function destinationsOn(
  destinations: readonly ProjectDestination[],
  cluster: string,
): ProjectDestination[] {
  return destinations.filter(d =>
    minimatch(cluster, d.cluster, {
      dot: true,
      nonegate: true,
      nocomment: true,
    }),
  );
}

/** Whom the cluster sees writing to a destination. */
export const writerOf = (destination: ProjectDestination) =>
  destination.serviceAccount
    ? `writes as ${destination.serviceAccount}`
    : 'writes as Slipway (no ServiceAccount)';
