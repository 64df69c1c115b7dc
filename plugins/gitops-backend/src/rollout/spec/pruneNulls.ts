/**
 * The document without its null-valued fields, leaving the input untouched.
 *
 * Helm renders a block whose template produced nothing (`webhooks:` with
 * every entry switched off) as null, and the API server drops such fields
 * from a custom resource before validating it, so for Flagger a null field
 * is simply not set. Nulls inside lists stay: the API server refuses those,
 * and so does the schema, naming the entry.
 */
export function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneNulls);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, pruneNulls(field)]),
  );
}

/** Objects as a YAML or JSON parser makes them; anything else is a value. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
