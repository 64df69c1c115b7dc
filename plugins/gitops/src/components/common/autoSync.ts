import { GitopsApp } from '@slipway/plugin-gitops-common';

/**
 * What the sync policy and a pin make of automatic syncs, worded alike on
 * the fleet page and the entity's cards. A pin only pauses an auto policy.
 */
export function describeAutoSync(
  policy: GitopsApp['syncPolicy'],
  pinnedRevision?: string,
): string {
  if (policy === 'manual') return 'off (manual sync policy)';
  if (policy !== 'auto') return 'unknown';
  return pinnedRevision
    ? `paused (pinned at ${pinnedRevision.slice(0, 12)})`
    : 'on';
}
