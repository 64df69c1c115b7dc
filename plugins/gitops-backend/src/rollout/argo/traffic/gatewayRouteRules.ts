import { cloneJson } from '../../../kube/values';
import type { Json } from '../../routers/routerBasics';
import type { SetHeaderRoute } from '../spec';

/**
 * HTTPRoute rules as the Gateway API plugin changes them
 * (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi v0.15,
 * `pkg/plugin/httproute.go`). Messages are the plugin's.
 */

export const BACKEND_NOT_FOUND = 'backendRef was not found in httpRoute';

const listOf = (value: unknown): Json[] =>
  Array.isArray(value) ? (value as Json[]) : [];

const backendNames = (rule: Json): string[] =>
  listOf(rule?.backendRefs).map(ref => ref?.name);

/** A rule name the plugin gave a header rule: a managed route's name, or it with `-<n>` for the n-th rule. */
export function isManagedRuleName(
  ruleName: unknown,
  managedRoutes: string[],
): boolean {
  if (typeof ruleName !== 'string') return false;
  return managedRoutes.some(
    base =>
      ruleName === base ||
      (ruleName.startsWith(`${base}-`) &&
        /^\d+$/.test(ruleName.slice(base.length + 1))),
  );
}

/**
 * The plugin's structural test for a header rule it added without a name:
 * one backend, the canary; with `headers`, a match carrying all their names.
 */
function isCanaryOnlyRule(
  rule: Json,
  canaryService: string,
  headers?: Json[],
): boolean {
  const names = backendNames(rule);
  if (names.length !== 1 || names[0] !== canaryService) return false;
  if (!headers) return true;
  return listOf(rule.matches).some(match => {
    const present = new Set(listOf(match?.headers).map(h => h?.name));
    return headers.every(h => present.has(h.name));
  });
}

/** Whether a rule is one the plugin added for a header route (so weights leave it alone). */
export const isManagedRule = (
  rule: Json,
  managedRoutes: string[],
  canaryService: string,
) =>
  isManagedRuleName(rule?.name, managedRoutes) ||
  isCanaryOnlyRule(rule, canaryService);

export interface GatewayWeights {
  canaryService: string;
  stableService: string;
  canaryWeight: number;
  stableWeight: number;
  managedRoutes: string[];
}

/**
 * Every backendRef of the canary and of the stable Service, in every rule
 * but the header rules, at the new weights; both must appear somewhere.
 */
export function weightedRules(rules: Json[], weights: GatewayWeights): Json[] {
  let canaryFound = false;
  let stableFound = false;
  const next = rules.map(rule => {
    if (isManagedRule(rule, weights.managedRoutes, weights.canaryService)) {
      return rule;
    }
    const backendRefs = listOf(rule?.backendRefs).map(ref => {
      if (ref?.name === weights.canaryService) {
        canaryFound = true;
        return { ...ref, weight: weights.canaryWeight };
      }
      if (ref?.name === weights.stableService) {
        stableFound = true;
        return { ...ref, weight: weights.stableWeight };
      }
      return ref;
    });
    return Array.isArray(rule?.backendRefs) ? { ...rule, backendRefs } : rule;
  });
  if (!canaryFound || !stableFound) throw new Error(BACKEND_NOT_FOUND);
  return next;
}

/** The step's headers as HTTPRoute header matches: exact, else a prefix or a regex as RegularExpression. */
export function headerMatches(route: SetHeaderRoute): Json[] {
  return route.match.map(({ headerName, headerValue }) => {
    if (headerValue.exact) {
      return { name: headerName, type: 'Exact', value: headerValue.exact };
    }
    if (headerValue.prefix) {
      return {
        name: headerName,
        type: 'RegularExpression',
        value: `${headerValue.prefix}.*`,
      };
    }
    if (headerValue.regex) {
      return {
        name: headerName,
        type: 'RegularExpression',
        value: headerValue.regex,
      };
    }
    throw new Error('invalid header match type');
  });
}

/** One header rule for a rule splitting between canary and stable: its matches with the headers, all to the canary. */
function headerRule(
  source: Json,
  name: string,
  headers: Json[],
  canaryService: string,
): Json {
  const canaryRef = listOf(source.backendRefs).find(
    ref => ref?.name === canaryService,
  );
  const sourceMatches = listOf(source.matches);
  const matches =
    sourceMatches.length === 0
      ? [{ headers }]
      : sourceMatches.map(match => {
          const merged: Json = {
            headers: [...listOf(match?.headers), ...headers],
          };
          for (const field of ['path', 'queryParams', 'method']) {
            if (match?.[field] !== undefined) {
              merged[field] = cloneJson(match[field]);
            }
          }
          return merged;
        });
  const backendRef: Json = { group: '', kind: 'Service', name: canaryService };
  if (canaryRef?.port !== undefined) backendRef.port = canaryRef.port;
  const rule: Json = { name, matches };
  const filters = listOf(source.filters);
  if (filters.length > 0) rule.filters = cloneJson(filters);
  rule.backendRefs = [backendRef];
  return rule;
}

/**
 * The rules with the header route `route` (re)built: one rule per rule
 * that names both the canary and the stable Service, named `<route>`,
 * `<route>-1` …, after the others; the route's earlier rules replaced.
 */
export function withHeaderRules(
  rules: Json[],
  route: SetHeaderRoute,
  services: { canaryService: string; stableService: string },
): Json[] {
  const headers = headerMatches(route);
  const { canaryService, stableService } = services;
  const sources = rules.filter(rule => {
    const names = backendNames(rule);
    return (
      names.length > 0 &&
      names.includes(canaryService) &&
      names.includes(stableService)
    );
  });
  if (sources.length === 0) throw new Error(BACKEND_NOT_FOUND);
  const added = sources.map((source, index) =>
    headerRule(
      source,
      index === 0 ? route.name : `${route.name}-${index}`,
      headers,
      canaryService,
    ),
  );
  const kept = rules.filter(
    rule =>
      !isManagedRuleName(rule?.name, [route.name]) &&
      !isCanaryOnlyRule(rule, canaryService, headers),
  );
  return [...kept, ...added];
}

/** The rules without any header rule: named after a managed route, or sending only to the canary. */
export const withoutHeaderRules = (
  rules: Json[],
  managedRoutes: string[],
  canaryService: string,
): Json[] =>
  rules.filter(rule => !isManagedRule(rule, managedRoutes, canaryService));
