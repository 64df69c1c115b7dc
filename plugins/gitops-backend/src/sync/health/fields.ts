import { KubernetesObject } from '@slipway/plugin-gitops-node';

/**
 * Readers for untyped API objects. Health rules must never throw on a
 * half-written status, so every reader tolerates missing or mistyped fields.
 */

/** A `status.conditions[]` entry in the shape every built-in kind uses. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** The value at `path` below `obj`, or undefined when any step is missing. */
export function getPath(obj: unknown, ...path: string[]): unknown {
  let current: unknown = obj;
  for (const key of path) {
    if (!isRecord(current)) {
      return undefined;
    }
    current = current[key];
  }
  return current;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number field; Kubernetes omits zero counters, so absent reads as 0. */
export function getCount(obj: unknown, ...path: string[]): number {
  const value = getPath(obj, ...path);
  return typeof value === 'number' ? value : 0;
}

/** A number field where absence means "not set" rather than zero. */
export function getOptionalNumber(
  obj: unknown,
  ...path: string[]
): number | undefined {
  const value = getPath(obj, ...path);
  return typeof value === 'number' ? value : undefined;
}

export function getString(obj: unknown, ...path: string[]): string | undefined {
  const value = getPath(obj, ...path);
  return typeof value === 'string' ? value : undefined;
}

export function getArray(obj: unknown, ...path: string[]): unknown[] {
  const value = getPath(obj, ...path);
  return Array.isArray(value) ? value : [];
}

/** Well-formed entries of a conditions list; malformed ones are skipped. */
export function toConditions(list: unknown[]): Condition[] {
  return list.filter(isRecord).flatMap(c =>
    typeof c.type === 'string'
      ? [
          {
            type: c.type,
            status: typeof c.status === 'string' ? c.status : 'Unknown',
            reason: typeof c.reason === 'string' ? c.reason : undefined,
            message: typeof c.message === 'string' ? c.message : undefined,
          },
        ]
      : [],
  );
}

export function getConditions(obj: KubernetesObject): Condition[] {
  return toConditions(getArray(obj, 'status', 'conditions'));
}

export function findCondition(
  conditions: Condition[],
  type: string,
): Condition | undefined {
  return conditions.find(c => c.type === type);
}

/** `metadata.name`, or empty: an object may come without metadata at all. */
export function getName(obj: KubernetesObject): string {
  return getString(obj, 'metadata', 'name') ?? '';
}

/** String-valued `metadata.annotations`; none when metadata is missing. */
export function getAnnotations(obj: KubernetesObject): Record<string, string> {
  const annotations = getPath(obj, 'metadata', 'annotations');
  if (!isRecord(annotations)) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(annotations).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** `metadata.generation`; objects not yet stored have none, read as 0. */
export function getGeneration(obj: KubernetesObject): number {
  return getCount(obj, 'metadata', 'generation');
}

/** API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
