import type { RolloutRequests } from './RolloutStore';

type Key = keyof RolloutRequests;

/**
 * The requests a tick saves: what the tick changed since it read them, over
 * what is stored now. A request recorded while the tick ran (by any backend)
 * survives; one the tick consumed stays consumed.
 */
export function mergeRequests(
  read: RolloutRequests,
  ticked: RolloutRequests,
  stored: RolloutRequests,
): RolloutRequests {
  const merged: RolloutRequests = { ...stored };
  const keys = new Set([
    ...Object.keys(read),
    ...Object.keys(ticked),
  ]) as Set<Key>;
  for (const key of keys) {
    if (ticked[key] === read[key]) continue;
    if (ticked[key] === undefined) delete merged[key];
    else merged[key] = ticked[key];
  }
  return merged;
}

/** Same requests, whatever the order of their keys. */
export function sameRequests(a: RolloutRequests, b: RolloutRequests): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<Key>;
  return [...keys].every(key => a[key] === b[key]);
}
