import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { isJsonMap, jsonEqual, JsonMap } from './values';

/**
 * Fields owned by other field managers, read from `metadata.managedFields`
 * (FieldsV1: `f:<field>` map keys, `k:<json>` list items by merge key,
 * `v:<json>` set members, `i:<n>` list indexes, `.` the element itself).
 * Used for ignore rules like Argo CD's `managedFieldsManagers`: fields another
 * controller owns (an HPA's `spec.replicas`) are left out of the comparison.
 */

/** The FieldsV1 trees of the given managers in `live`'s managedFields. */
export function fieldsOwnedBy(
  live: KubernetesObject | undefined,
  managers: readonly string[],
): JsonMap[] {
  if (!live || managers.length === 0) {
    return [];
  }
  const entries = live.metadata.managedFields;
  if (!Array.isArray(entries)) {
    return [];
  }
  return entries.flatMap(entry =>
    isJsonMap(entry) &&
    typeof entry.manager === 'string' &&
    managers.includes(entry.manager) &&
    entry.fieldsType === 'FieldsV1' &&
    isJsonMap(entry.fieldsV1)
      ? [entry.fieldsV1]
      : [],
  );
}

function parseKey(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** Whether a list item matches a `k:{"name":"web"}` merge key. */
function matchesMergeKey(item: unknown, key: unknown): boolean {
  return (
    isJsonMap(item) &&
    isJsonMap(key) &&
    Object.entries(key).every(([k, v]) => jsonEqual(item[k], v))
  );
}

/** The index in `list` a list selector (`k:`, `v:`, `i:`) designates, or -1. */
function findListItem(list: unknown[], selector: string): number {
  const kind = selector.slice(0, 2);
  const rest = selector.slice(2);
  if (kind === 'k:') {
    const key = parseKey(rest);
    return list.findIndex(item => matchesMergeKey(item, key));
  }
  if (kind === 'v:') {
    const value = parseKey(rest);
    return list.findIndex(item => jsonEqual(item, value));
  }
  if (kind === 'i:') {
    const index = Number(rest);
    return Number.isInteger(index) && index < list.length ? index : -1;
  }
  return -1;
}

function isLeaf(fields: unknown): boolean {
  return !isJsonMap(fields) || Object.keys(fields).every(k => k === '.');
}

/**
 * Removes from `target` the leaf fields listed in a FieldsV1 tree. A listed
 * list item with nested fields loses only those fields; one listed as a whole
 * is removed. Mutates `target` (a normalized copy).
 */
export function removeOwnedFields(target: unknown, fields: JsonMap): void {
  if (Array.isArray(target)) {
    // Resolve all selectors first: removing items shifts later indexes.
    const plan = Object.entries(fields)
      .filter(([selector]) => selector !== '.')
      .map(([selector, sub]) => ({
        index: findListItem(target, selector),
        sub,
      }))
      .filter(({ index }) => index !== -1);
    for (const { index, sub } of plan) {
      if (!isLeaf(sub)) {
        removeOwnedFields(target[index], sub as JsonMap);
      }
    }
    const leaves = plan
      .filter(({ sub }) => isLeaf(sub))
      .map(({ index }) => index)
      .sort((a, b) => b - a);
    for (const index of leaves) {
      target.splice(index, 1);
    }
    return;
  }
  if (!isJsonMap(target)) {
    return;
  }
  for (const [selector, sub] of Object.entries(fields)) {
    if (!selector.startsWith('f:')) {
      continue;
    }
    const name = selector.slice(2);
    if (!(name in target)) {
      continue;
    }
    if (isLeaf(sub)) {
      delete target[name];
    } else {
      removeOwnedFields(target[name], sub as JsonMap);
    }
  }
}
