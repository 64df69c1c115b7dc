import type { Json } from '../../routers/routerBasics';
import type { SetHeaderRoute } from '../spec';

/**
 * The rules of an ApisixRoute (`spec.http`) as Argo's APISIX reconciler
 * changes them (Argo v1.8.3, `rollout/trafficrouting/apisix/apisix.go`).
 * Functions take a copy and change it in place; messages are Argo's.
 */

/** `spec.http`, which Argo requires. */
export function httpRulesOf(route: Json): Json[] {
  const http = route?.spec?.http;
  if (!Array.isArray(http)) {
    throw new Error('spec.http was not found in Apisix Route manifest');
  }
  return http;
}

/** Argo's `GetHttpRoute`: the rule named `name`; every rule before it must have a name. */
export function ruleNamed(http: Json[], name: string): Json {
  for (const rule of http) {
    if (typeof rule?.name !== 'string') {
      throw new Error('Apisix http route rule name field not found');
    }
    if (rule.name === name) return rule;
  }
  throw new Error(`Apisix http route rule ${name} not found`);
}

function backendsOf(rule: Json): Json[] {
  if (!Array.isArray(rule.backends)) {
    throw new Error('Apisix http route backends not found');
  }
  return rule.backends;
}

/** Argo's `setBackendWeight`: the first backend of `service` gets `weight`. */
function setBackendWeight(backends: Json[], service: string, weight: number) {
  for (const backend of backends) {
    if (typeof backend?.serviceName !== 'string') {
      throw new Error('serviceName field was not found in backend');
    }
    if (backend.serviceName === service) {
      backend.weight = weight;
      return;
    }
  }
  throw new Error(`apisix route ${service} backend was not found`);
}

export interface ApisixWeights {
  /** The rules to weight: `route.rules`, or the rule named as the route when none are listed. */
  ruleNames: string[];
  canaryService: string;
  stableService: string;
  canaryWeight: number;
  stableWeight: number;
}

/** Sets the canary's and the stable's backend weights in each named rule of `http` (a copy). */
export function weightRules(http: Json[], weights: ApisixWeights): void {
  for (const name of weights.ruleNames) {
    const backends = backendsOf(ruleNamed(http, name));
    setBackendWeight(backends, weights.canaryService, weights.canaryWeight);
    setBackendWeight(backends, weights.stableService, weights.stableWeight);
  }
}

/** Argo's `apisixExprs`: one Header expression per value kind given (a prefix as a `^prefix.*` regex). */
function headerExprs(route: SetHeaderRoute): Json[] {
  return route.match.flatMap(({ headerName, headerValue }) => {
    const subject = { scope: 'Header', name: headerName };
    const exprs: Json[] = [];
    if (headerValue.exact) {
      exprs.push({ subject, op: 'Equal', value: headerValue.exact });
    }
    if (headerValue.regex) {
      exprs.push({ subject, op: 'RegexMatch', value: headerValue.regex });
    }
    if (headerValue.prefix) {
      exprs.push({
        subject,
        op: 'RegexMatch',
        value: `^${headerValue.prefix}.*`,
      });
    }
    return exprs;
  });
}

/**
 * The named rules of a header route's copy of the stable ApisixRoute (`http`,
 * a copy): all traffic to the canary backend, the stable backend removed,
 * one above the stable rule's priority, matching the step's headers.
 */
export function headerRouteRules(
  http: Json[],
  route: SetHeaderRoute,
  services: Pick<
    ApisixWeights,
    'ruleNames' | 'canaryService' | 'stableService'
  >,
): void {
  for (const name of services.ruleNames) {
    const rule = ruleNamed(http, name);
    const backends = backendsOf(rule);
    setBackendWeight(backends, services.canaryService, 100);
    for (const backend of backends) {
      if (typeof backend?.serviceName !== 'string') {
        throw new Error('serviceName field was not found in backend');
      }
    }
    rule.backends = backends.filter(
      backend => backend.serviceName !== services.stableService,
    );
    rule.priority = Number(rule.priority ?? 0) + 1;
    rule.match = { ...rule.match, exprs: headerExprs(route) };
  }
}
