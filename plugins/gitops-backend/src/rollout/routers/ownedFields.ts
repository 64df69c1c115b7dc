import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ROLLOUT_FIELD_MANAGER } from '../../kube/fieldManagers';
import { fieldsOwnedBy } from '../../kube/managedFields';
import { isJsonMap, jsonEqual, JsonMap } from '../../kube/values';

const isLeaf = (fields: unknown) =>
  !isJsonMap(fields) || Object.keys(fields).every(key => key === '.');

const parseKey = (json: string): unknown => {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
};

/** The list item a FieldsV1 selector (`k:`, `v:`, `i:`) names, with the merge key it needs. */
function listItem(
  list: unknown[],
  selector: string,
): { item: unknown; key?: JsonMap } | undefined {
  const rest = selector.slice(2);
  if (selector.startsWith('k:')) {
    const key = parseKey(rest);
    if (!isJsonMap(key)) return undefined;
    const item = list.find(
      candidate =>
        isJsonMap(candidate) &&
        Object.entries(key).every(([k, v]) => jsonEqual(candidate[k], v)),
    );
    return item === undefined ? undefined : { item, key };
  }
  if (selector.startsWith('v:')) {
    const value = parseKey(rest);
    const item = list.find(candidate => jsonEqual(candidate, value));
    return item === undefined ? undefined : { item };
  }
  if (selector.startsWith('i:')) {
    const item = list[Number(rest)];
    return item === undefined ? undefined : { item };
  }
  return undefined;
}

/** The parts of `value` a FieldsV1 tree lists. */
function pick(value: unknown, fields: unknown): unknown {
  if (isLeaf(fields)) return value;
  const tree = fields as JsonMap;
  if (Array.isArray(value)) {
    return Object.entries(tree).flatMap(([selector, sub]) => {
      const found = listItem(value, selector);
      if (!found) return [];
      const picked = pick(found.item, sub);
      return [isJsonMap(picked) ? { ...picked, ...found.key } : picked];
    });
  }
  if (!isJsonMap(value)) return value;
  const picked: JsonMap = {};
  for (const [selector, sub] of Object.entries(tree)) {
    const name = selector.slice(2);
    if (selector.startsWith('f:') && name in value) {
      picked[name] = pick(value[name], sub);
    }
  }
  return picked;
}

/**
 * What the rollout engine's field manager owns on `live`, as an apply body.
 * A server-side apply drops every field its manager owned and left out, so
 * a router changing one field of a shared object (the apex Service's
 * selector) must send the rest of what the engine owns along with it.
 */
export function ownedByRolloutEngine(live: KubernetesObject): KubernetesObject {
  let owned: JsonMap = {};
  for (const fields of fieldsOwnedBy(live, [ROLLOUT_FIELD_MANAGER])) {
    owned = deepMerge(owned, pick(live, fields) as JsonMap);
  }
  return {
    ...owned,
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: {
      ...(owned.metadata as JsonMap | undefined),
      name: live.metadata.name,
      namespace: live.metadata.namespace,
    },
  };
}

function deepMerge(a: JsonMap, b: JsonMap): JsonMap {
  const merged: JsonMap = { ...a };
  for (const [key, value] of Object.entries(b)) {
    merged[key] =
      isJsonMap(merged[key]) && isJsonMap(value)
        ? deepMerge(merged[key] as JsonMap, value)
        : value;
  }
  return merged;
}
