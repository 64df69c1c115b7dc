import type { KubernetesObject } from '@slipway/plugin-gitops-node';

// Kubernetes objects as untyped JSON.
type Json = any;

/** A route entry's identity: the same destination in the same place. */
const sameTarget = (a: Json, b: Json, keys: (entry: Json) => unknown[]) =>
  JSON.stringify(keys(a)) === JSON.stringify(keys(b));

/** Copies `weight` onto each entry of `desired` from the live entry with the same target. */
function copyWeights(
  desired: Json[] | undefined,
  live: Json[] | undefined,
  keys: (e: Json) => unknown[],
) {
  return desired?.map(entry => {
    const match = live?.find(l => sameTarget(l, entry, keys));
    if (!match || match.weight === undefined) return entry;
    return { ...entry, weight: match.weight };
  });
}

/** The live list entry matching a desired one: by name, else at the same index. */
function liveEntry(live: Json[] | undefined, entry: Json, index: number) {
  if (entry?.name !== undefined) return live?.find(l => l?.name === entry.name);
  return live?.[index];
}

const destination = (e: Json) => [
  e?.destination?.host,
  e?.destination?.subset,
  e?.destination?.port?.number,
];

function virtualService(desired: Json, live: Json): Json {
  const spec = { ...desired.spec };
  for (const list of ['http', 'tls', 'tcp'] as const) {
    if (!Array.isArray(spec[list])) continue;
    spec[list] = spec[list].map((route: Json, i: number) => {
      const match = liveEntry(live?.spec?.[list], route, i);
      return match
        ? {
            ...route,
            route: copyWeights(route.route, match.route, destination),
          }
        : route;
    });
  }
  return { ...desired, spec };
}

function destinationRule(desired: Json, live: Json): Json {
  const subsets = desired.spec?.subsets;
  if (!Array.isArray(subsets)) return desired;
  const HASH = 'rollouts-pod-template-hash';
  return {
    ...desired,
    spec: {
      ...desired.spec,
      subsets: subsets.map((subset: Json) => {
        const match = live?.spec?.subsets?.find(
          (l: Json) => l?.name === subset?.name,
        );
        const hash = match?.labels?.[HASH];
        return hash === undefined
          ? subset
          : { ...subset, labels: { ...subset.labels, [HASH]: hash } };
      }),
    },
  };
}

function apisixRoute(desired: Json, live: Json): Json {
  const http = desired.spec?.http;
  if (!Array.isArray(http)) return desired;
  return {
    ...desired,
    spec: {
      ...desired.spec,
      http: http.map((rule: Json, i: number) => {
        const match = liveEntry(live?.spec?.http, rule, i);
        return match
          ? {
              ...rule,
              backends: copyWeights(rule.backends, match.backends, b => [
                b?.serviceName,
                b?.servicePort,
              ]),
            }
          : rule;
      }),
    },
  };
}

function httpRoute(desired: Json, live: Json): Json {
  const rules = desired.spec?.rules;
  if (!Array.isArray(rules)) return desired;
  return {
    ...desired,
    spec: {
      ...desired.spec,
      rules: rules.map((rule: Json, i: number) => {
        const match = liveEntry(live?.spec?.rules, rule, i);
        return match
          ? {
              ...rule,
              backendRefs: copyWeights(
                rule.backendRefs,
                match.backendRefs,
                b => [b?.name, b?.namespace, b?.port],
              ),
            }
          : rule;
      }),
    },
  };
}

const BY_KIND: Partial<Record<string, (desired: Json, live: Json) => Json>> = {
  VirtualService: virtualService,
  DestinationRule: destinationRule,
  ApisixRoute: apisixRoute,
  HTTPRoute: httpRoute,
};

/**
 * The manifest of a routing object an Argo canary routes through, with the
 * weights (and DestinationRule hash labels) the rollout engine set on the
 * live object: the sync engine applies everything else from Git. Entries
 * are matched by route name (else position) and destination.
 */
export function withLiveRoutedFields(
  desired: KubernetesObject,
  live: KubernetesObject | undefined,
): KubernetesObject {
  const keep = BY_KIND[desired.kind];
  return keep && live ? keep(desired, live) : desired;
}
