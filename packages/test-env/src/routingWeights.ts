/**
 * Reads the primary/canary split from the routing objects Slipway's
 * traffic routers write (docs/rollout-engine.md#routers). Pure functions
 * over the objects' JSON, so they are unit-testable without a cluster.
 */

/** Percentages of requests sent to each workload; they sum to 100 (or both 0). */
export interface Weights {
  primary: number;
  canary: number;
}

export type RoutingProvider = 'istio' | 'nginx' | 'apisix' | 'gatewayapi';

export const ALL_TO_PRIMARY: Weights = { primary: 100, canary: 0 };

// Kubernetes objects arrive as untyped JSON from the API.
type Json = any;

/** Scales raw backend weights to percentages. */
export function normalizeWeights(primary: number, canary: number): Weights {
  const total = primary + canary;
  if (total <= 0) return { primary: 0, canary: 0 };
  const canaryShare = (canary / total) * 100;
  return { primary: 100 - canaryShare, canary: canaryShare };
}

/** `podinfo-canary`, `podinfo-canary.test`, `podinfo-canary.test.svc.cluster.local` → role. */
function roleOf(host: string | undefined, service: string) {
  const shortName = (host ?? '').split('.')[0];
  if (shortName === `${service}-primary`) return 'primary';
  if (shortName === `${service}-canary`) return 'canary';
  return undefined;
}

/** Sums the weights of backends by role; `defaultWeight` applies when a weight is unset. */
function splitBackends(
  backends: Json[],
  hostOf: (backend: Json) => string | undefined,
  weightOf: (backend: Json) => unknown,
  service: string,
  defaultWeight: number,
): Weights | undefined {
  let primary = 0;
  let canary = 0;
  let matched = false;
  for (const backend of backends) {
    const role = roleOf(hostOf(backend), service);
    if (!role) continue;
    matched = true;
    const raw = weightOf(backend);
    const weight =
      raw === undefined || raw === null ? defaultWeight : Number(raw);
    if (role === 'primary') primary += weight;
    else canary += weight;
  }
  return matched ? normalizeWeights(primary, canary) : undefined;
}

/**
 * Simulated requests carry no headers, cookies or query parameters, so
 * they take the first rule whose conditions a plain request meets: with
 * A/B testing that is the default rule, not the header-matched one.
 */
function servesPlainRequests(matches: Json[] | undefined): boolean {
  if (!matches || matches.length === 0) return true;
  return matches.some(
    m =>
      !m?.headers && !m?.queryParams && !m?.withoutHeaders && !m?.sourceLabels,
  );
}

/** Istio: `spec.http[].route[]` with `destination.host` and `weight` (unset = 100 when alone). */
export function weightsFromVirtualService(vs: Json, service: string): Weights {
  const rules: Json[] = [...(vs?.spec?.http ?? []), ...(vs?.spec?.tcp ?? [])];
  for (const rule of rules.filter(r => servesPlainRequests(r?.match))) {
    const routes: Json[] = rule?.route ?? [];
    const weights = splitBackends(
      routes,
      r => r?.destination?.host,
      r => r?.weight ?? (routes.length === 1 ? 100 : 0),
      service,
      0,
    );
    if (weights) return weights;
  }
  return ALL_TO_PRIMARY;
}

/** NGINX: the `<ingress>-canary` copy's canary-weight annotations; no canary ingress = all primary. */
export function weightsFromCanaryIngress(
  ingress: Json | undefined,
  annotationPrefix = 'nginx.ingress.kubernetes.io',
): Weights {
  const annotations: Record<string, string> =
    ingress?.metadata?.annotations ?? {};
  if (annotations[`${annotationPrefix}/canary`] !== 'true')
    return ALL_TO_PRIMARY;
  const weight = Number(annotations[`${annotationPrefix}/canary-weight`] ?? 0);
  const total = Number(
    annotations[`${annotationPrefix}/canary-weight-total`] ?? 100,
  );
  const canary = Math.min(100, Math.max(0, (weight / (total || 100)) * 100));
  return { primary: 100 - canary, canary };
}

/** APISIX: `spec.http[].backends[]` with `serviceName` and `weight` (unset = 100, APISIX's default). */
export function weightsFromApisixRoute(route: Json, service: string): Weights {
  const rules: Json[] = route?.spec?.http ?? [];
  // Any `match.exprs` condition (header, query, cookie) excludes plain requests.
  for (const rule of rules.filter(r => !r?.match?.exprs?.length)) {
    const weights = splitBackends(
      rule?.backends ?? [],
      b => b?.serviceName,
      b => b?.weight,
      service,
      100,
    );
    if (weights) return weights;
  }
  return ALL_TO_PRIMARY;
}

/** Gateway API: `spec.rules[].backendRefs[]` with `name` and `weight` (unset = 1, the API default). */
export function weightsFromHttpRoute(route: Json, service: string): Weights {
  const rules: Json[] = route?.spec?.rules ?? [];
  for (const rule of rules.filter(r => servesPlainRequests(r?.matches))) {
    const weights = splitBackends(
      rule?.backendRefs ?? [],
      b => b?.name,
      b => b?.weight,
      service,
      1,
    );
    if (weights) return weights;
  }
  return ALL_TO_PRIMARY;
}
