import { parse as parseYaml } from 'yaml';
import { parseArgoRollout } from '../parse';
import type { ArgoRolloutSpec, ParseArgoRolloutOptions } from '../types';

type Json = Record<string, unknown>;

/** A valid Rollout: `app: web` selected and labelled, one container, no strategy yet. */
export function rolloutDoc(spec: Json = {}): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'web:1' }] },
      },
      ...spec,
    },
  };
}

/** A canary rollout with these canary fields (and more spec fields, if given). */
export const canaryDoc = (canary: Json, spec: Json = {}) =>
  rolloutDoc({ ...spec, strategy: { canary } });

export const blueGreenDoc = (blueGreen: Json, spec: Json = {}) =>
  rolloutDoc({ ...spec, strategy: { blueGreen } });

/** Canary fields for traffic routing through one nginx Ingress. */
export const nginxCanary = (canary: Json = {}, routing: Json = {}): Json => ({
  canaryService: 'web-canary',
  stableService: 'web-stable',
  trafficRouting: { nginx: { stableIngress: 'web' }, ...routing },
  ...canary,
});

/** Canary fields for traffic routing through one Istio VirtualService. */
export const istioCanary = (canary: Json = {}, routing: Json = {}): Json => ({
  canaryService: 'web-canary',
  stableService: 'web-stable',
  trafficRouting: { istio: { virtualService: { name: 'web' } }, ...routing },
  ...canary,
});

export const parseDoc = (doc: unknown, options?: ParseArgoRolloutOptions) =>
  parseArgoRollout(doc, options);

export const parseText = (yaml: string, options?: ParseArgoRolloutOptions) =>
  parseArgoRollout(parseYaml(yaml), options);

/** The errors of a document that must not parse. */
export function errorsOf(
  doc: unknown,
  options?: ParseArgoRolloutOptions,
): string[] {
  const result = parseArgoRollout(doc, options);
  expect(result.spec).toBeUndefined();
  return result.errors;
}

/** The spec of a document that must parse. */
export function specOf(
  doc: unknown,
  options?: ParseArgoRolloutOptions,
): ArgoRolloutSpec {
  const result = parseArgoRollout(doc, options);
  expect(result.errors).toEqual([]);
  return result.spec!;
}
