import { goFloatV } from './goFormat';

type Result = { value: string; error?: undefined } | { error: string };

interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes' `IsQualifiedName`: `[prefix/]name`, as label and annotation keys are. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a qualified name must have at most one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length > 253 || !SUBDOMAIN.test(prefix)))
    return 'prefix part must be a lowercase DNS subdomain';
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/** `FormatMap`: `key="value"` lines in key order. */
function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map(key => `${key}=${JSON.stringify(map![key])}`)
    .join('\n');
}

/**
 * The downward-API fields Argo reads with `fieldpath.ExtractFieldPathAsString`
 * for a path starting with `metadata`: name, namespace, uid, labels,
 * annotations, and one label or annotation as `metadata.labels['key']` (a
 * missing one reads as empty, as in Kubernetes).
 */
function metadataField(meta: ObjectMeta, fieldPath: string): Result {
  const subscripted = /^(.+?)\['(.*)'\]$/s.exec(fieldPath);
  if (subscripted) {
    const [, path, key] = subscripted;
    if (path !== 'metadata.labels' && path !== 'metadata.annotations') {
      return { error: `fieldPath "${fieldPath}" does not support subscript` };
    }
    const map = path === 'metadata.labels' ? meta.labels : meta.annotations;
    const problem = qualifiedNameProblem(
      path === 'metadata.annotations' ? key.toLowerCase() : key,
    );
    if (problem) {
      return { error: `invalid key subscript in ${fieldPath}: ${problem}` };
    }
    return { value: map?.[key] ?? '' };
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return { value: formatMap(meta.annotations) };
    case 'metadata.labels':
      return { value: formatMap(meta.labels) };
    case 'metadata.name':
      return { value: meta.name ?? '' };
    case 'metadata.namespace':
      return { value: meta.namespace ?? '' };
    case 'metadata.uid':
      return { value: meta.uid ?? '' };
    default:
      return { error: `unsupported fieldPath: ${fieldPath}` };
  }
}

/**
 * Argo's `extractValueFromRollout`: any other path (`status.alb.canaryTargetGroup.name`,
 * `spec.replicas`, `status.conditions[0].type`) walks the Rollout's JSON and
 * must end at a string, number or boolean.
 */
function walkField(rollout: unknown, fieldPath: string): Result {
  let node: unknown = rollout;
  for (const section of fieldPath.split(/[.[\]]+/)) {
    if (section === '') continue;
    if (Array.isArray(node)) {
      if (!/^[+-]?\d+$/.test(section))
        return { error: `invalid index '${section}'` };
      const index = Number(section);
      if (index >= node.length || index < 0)
        return { error: `index ${index} out of range` };
      node = node[index];
    } else if (node !== null && typeof node === 'object') {
      node = (node as Record<string, unknown>)[section];
    } else {
      return { error: `invalid path ${fieldPath} in rollout` };
    }
  }
  if (node === null || node === undefined)
    return { error: `invalid path ${fieldPath} in rollout` };
  if (typeof node === 'object')
    return {
      error: `path ${fieldPath} in rollout must terminate in a primitive value`,
    };
  return { value: typeof node === 'number' ? goFloatV(node) : String(node) };
}

/** The value a Rollout's `valueFrom.fieldRef` gives an analysis argument. */
export function rolloutFieldValue(rollout: unknown, fieldPath: string): Result {
  if (fieldPath.startsWith('metadata')) {
    const meta = ((rollout as { metadata?: ObjectMeta } | undefined)
      ?.metadata ?? {}) as ObjectMeta;
    return metadataField(meta, fieldPath);
  }
  return walkField(rollout, fieldPath);
}
