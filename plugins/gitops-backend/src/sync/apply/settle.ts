import { ClusterApi } from '../../kube/ClusterApi';
import { objectId } from '../../kube/objectId';
import { compareApp, ComparedObject, DryRunCache } from './compareApp';
import { PreparedObject } from './prepareManifests';

/** How long a sync waits for the watch cache to show what it applied. */
export const SETTLE_TIMEOUT_MS = 5000;

/**
 * Compares the app after a sync. The watch cache sees the sync's own writes
 * a moment later, so while an object still compares OutOfSync this compares
 * again on each change the cache records for the app's objects, until none
 * is OutOfSync or `timeoutMs` has passed: the recorded status is the applied
 * one, and no sync waits longer than its objects take to arrive.
 */
export async function settleCompare(
  cluster: ClusterApi,
  prepared: PreparedObject[],
  dryRuns: DryRunCache,
  key: string,
  timeoutMs = SETTLE_TIMEOUT_MS,
): Promise<ComparedObject[]> {
  const ids = prepared.map(p => objectId(p.object));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const next = cluster.nextChange(ids, deadline - Date.now());
    const compared = await compareApp(cluster, prepared, dryRuns, `${key}|`);
    const outOfSync = compared.some(c => c.diff.syncStatus === 'OutOfSync');
    if (!outOfSync || Date.now() >= deadline) {
      next.stop();
      return compared;
    }
    await next.changed;
  }
}
