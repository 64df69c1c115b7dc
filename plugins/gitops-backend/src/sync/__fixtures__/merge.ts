import { KubernetesObject } from '@slipway/plugin-gitops-node';

type Patch = Record<string, unknown>;

function isPlainObject(value: unknown): value is Patch {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeValue(base: unknown, patch: unknown): unknown {
  if (patch === undefined) {
    return base;
  }
  if (!isPlainObject(base) || !isPlainObject(patch)) {
    return structuredClone(patch);
  }
  const result: Patch = { ...structuredClone(base) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergeValue(result[key], value);
    }
  }
  return result;
}

/**
 * Test helper: a copy of `base` with `patch` merged in (JSON merge patch:
 * maps merge, arrays replace, null deletes).
 */
export function withPatch<T extends KubernetesObject>(
  base: T,
  patch: Patch,
): T {
  return mergeValue(base, patch) as T;
}
