import { escapePointerToken } from './jsonPointer';
import { isJsonMap, jsonEqual } from '../../kube/values';

/**
 * JSON pointers of the leaves where `a` and `b` differ. Paths name keys only,
 * never values, so they are safe to log even for Secrets.
 */
export function changedPaths(a: unknown, b: unknown, base = ''): string[] {
  if (jsonEqual(a, b)) {
    return [];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const paths: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      paths.push(...changedPaths(a[i], b[i], `${base}/${i}`));
    }
    return paths;
  }
  if (isJsonMap(a) && isJsonMap(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap(key =>
      changedPaths(a[key], b[key], `${base}/${escapePointerToken(key)}`),
    );
  }
  return [base];
}
