import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { removeAtPointer } from './jsonPointer';

/**
 * Fields to leave out of the comparison for matching objects, after Argo CD's
 * `ignoreDifferences`. An omitted selector matches anything, so a rule without
 * group and kind is the global (`.all`) rule.
 */
export interface IgnoreDifferencesRule {
  /** API group; `''` is the core group. */
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** RFC 6901 pointers, `/` inside a key written `~1`, e.g. `/spec/replicas`. */
  jsonPointers?: readonly string[];
  /** Field managers whose fields (per the live object's managedFields) are ignored, e.g. `kube-controller-manager`. */
  managedFieldsManagers?: readonly string[];
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function ruleMatches(
  rule: IgnoreDifferencesRule,
  obj: KubernetesObject,
): boolean {
  return (
    (rule.group === undefined || rule.group === groupOf(obj.apiVersion)) &&
    (rule.kind === undefined || rule.kind === '*' || rule.kind === obj.kind) &&
    (rule.name === undefined || rule.name === obj.metadata.name) &&
    (rule.namespace === undefined ||
      rule.namespace === (obj.metadata.namespace ?? ''))
  );
}

/** The pointers of all rules matching `identity` (the desired or live object). */
export function ignoredPointers(
  rules: readonly IgnoreDifferencesRule[],
  identity: KubernetesObject,
): string[] {
  return rules
    .filter(rule => ruleMatches(rule, identity))
    .flatMap(rule => rule.jsonPointers ?? []);
}

/** The field managers of all rules matching `identity`. */
export function ignoredManagers(
  rules: readonly IgnoreDifferencesRule[],
  identity: KubernetesObject,
): string[] {
  return rules
    .filter(rule => ruleMatches(rule, identity))
    .flatMap(rule => rule.managedFieldsManagers ?? []);
}

/** Strips every ignored pointer from each object. Mutates them (normalized copies). */
export function stripIgnored(
  pointers: readonly string[],
  ...objects: Array<KubernetesObject | undefined>
): void {
  for (const pointer of pointers) {
    for (const obj of objects) {
      if (obj) {
        removeAtPointer(obj, pointer);
      }
    }
  }
}
