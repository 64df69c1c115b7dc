import { stringify } from 'yaml';
import { isJsonMap, JsonMap } from '../../kube/values';

/** Keys shown first, in kubectl's order; all others follow alphabetically. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];

function compareKeys(a: string, b: string): number {
  const ia = LEADING_KEYS.indexOf(a);
  const ib = LEADING_KEYS.indexOf(b);
  if (ia !== -1 || ib !== -1) {
    return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
  }
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(ordered);
  }
  if (isJsonMap(value)) {
    const result: JsonMap = {};
    for (const key of Object.keys(value).sort(compareKeys)) {
      result[key] = ordered(value[key]);
    }
    return result;
  }
  return value;
}

/**
 * YAML with a stable key order, so two objects that differ only in key order
 * print identically and a line diff shows only real changes. No line folding:
 * a long value stays on one line.
 */
export function toStableYaml(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  return stringify(ordered(value), {
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}
