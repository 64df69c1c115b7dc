/*
 * Null fields, as the API server reads them in a custom resource
 * (apiextensions-apiserver `PruneNonNullableNullsWithoutDefaults`): a null
 * for a field the schema declares, or for a value of a map, is dropped
 * before validation, so it counts as not set; a null for a field the schema
 * does not declare is still an unknown field, refused under strict field
 * validation (`kubectl apply`); a null inside a list stays and is refused.
 * Helm renders a block whose template produced nothing as null, and
 * `kubectl create --dry-run -o yaml` writes `creationTimestamp: null` into
 * pod template metadata, which a Rollout's CRD does not declare.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The document with every null field made `undefined` but kept, leaving
 * the input untouched: a strict schema still sees the key (an unknown one
 * is refused), an optional field reads it as not set.
 */
export function nullsAsUnset(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullsAsUnset);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      field === null ? undefined : nullsAsUnset(field),
    ]),
  );
}

/** A parsed value without the `undefined` fields `nullsAsUnset` left (fields the schema kept as written included). */
export function dropUnset<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropUnset) as T;
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => [key, dropUnset(field)]),
  ) as T;
}
