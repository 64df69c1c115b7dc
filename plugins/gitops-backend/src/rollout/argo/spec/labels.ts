import type { LabelSelector } from './types';

// Kubernetes' label syntax (apimachinery `validation.IsQualifiedName`,
// `IsValidLabelValue`), which Argo's controller applies to the selector and
// the pod template's labels.
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a label key (`prefix/name`), or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (
      prefix.length === 0 ||
      prefix.length > 253 ||
      !DNS_SUBDOMAIN.test(prefix)
    )
      return `invalid label key "${key}": the prefix must be a lowercase DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `invalid label key "${key}": the name must be 63 characters or fewer, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value)) {
    return `invalid label value "${value}": must be 63 characters or fewer, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`;
  }
  return undefined;
}

/** Problems with a label map, each as `[key, message]`. */
export function labelMapProblems(
  labels: Record<string, string>,
): [string, string][] {
  const problems: [string, string][] = [];
  for (const [key, value] of Object.entries(labels)) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem) problems.push([key, problem]);
  }
  return problems;
}

/** `metav1.LabelSelectorAsSelector(...).Matches(labels)`. */
export function selectorMatches(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  const has = (key: string) => Object.hasOwn(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (!has(key) || labels[key] !== value) return false;
  }
  return selector.matchExpressions.every(({ key, operator, values }) => {
    switch (operator) {
      case 'In':
        return has(key) && values.includes(labels[key]);
      case 'NotIn':
        return !has(key) || !values.includes(labels[key]);
      case 'Exists':
        return has(key);
      case 'DoesNotExist':
        return !has(key);
      default:
        return false;
    }
  });
}
