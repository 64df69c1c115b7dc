import type {
  KubernetesObject,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import { TRACKING_ANNOTATION } from '../../kube/ownership';
import { abTestingMatches } from './abMatch';
import {
  ALL_TO_PRIMARY,
  isAbTesting,
  Json,
  serviceNames,
} from './routerBasics';
import { buildCanaryCopy, originalRef } from './canaryCopy';
import {
  WeightedObjectRouter,
  WeightedRoutingObject,
} from './WeightedObjectRouter';

const PREFIX = 'nginx.ingress.kubernetes.io';
const CANARY = `${PREFIX}/canary`;
const CANARY_WEIGHT = `${PREFIX}/canary-weight`;
const BY_HEADER = `${PREFIX}/canary-by-header`;
const BY_COOKIE = `${PREFIX}/canary-by-cookie`;

/** The Ingress `spec.ingressRef` names: the one the copy is made from. */
const ingressRef = (target: TrafficTarget) =>
  originalRef(target, {
    provider: 'nginx',
    field: 'ingressRef',
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
  });

const canaryIngressRef = (target: TrafficTarget) => {
  const ref = ingressRef(target);
  return { ...ref, name: `${ref.name}-canary` };
};

/** NGINX reads its canary annotations from the copy only when `canary` is "true". */
function weightsOf(ingress: Json): TrafficWeights {
  const annotations: Record<string, string> =
    ingress.metadata?.annotations ?? {};
  if (annotations[CANARY] !== 'true') return ALL_TO_PRIMARY;
  // A/B: header or cookie matches send (only) matching requests to the canary.
  if (annotations[BY_HEADER] || annotations[BY_COOKIE])
    return { primary: 0, canary: 100 };
  const canary = Number(annotations[CANARY_WEIGHT] ?? 0);
  return { primary: 100 - canary, canary };
}

/**
 * A/B annotations from `analysis.match` (Flagger's reading): a `cookie`
 * header names the cookie NGINX routes by (value `always`); any other header
 * routes by its exact value or its regex.
 */
function abAnnotations(target: TrafficTarget): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const match of abTestingMatches(target)) {
    for (const [name, value] of Object.entries(match.headers ?? {})) {
      if (name === 'cookie') {
        if (value.exact) annotations[BY_COOKIE] = value.exact;
        continue;
      }
      annotations[BY_HEADER] = name;
      if (value.exact) annotations[`${BY_HEADER}-value`] = value.exact;
      if (value.regex) annotations[`${BY_HEADER}-pattern`] = value.regex;
    }
  }
  return annotations;
}

/** The original's annotations, less those describing the original itself or a canary. */
function copiedAnnotations(ingress: Json): Record<string, string> {
  const annotations: Record<string, string> =
    ingress.metadata?.annotations ?? {};
  return Object.fromEntries(
    Object.entries(annotations).filter(
      ([key]) =>
        !key.startsWith(CANARY) &&
        key !== TRACKING_ANNOTATION &&
        key !== 'kubectl.kubernetes.io/last-applied-configuration',
    ),
  );
}

/** Points every backend on the apex Service at `<apex>-canary`; fails when none is. */
function canarySpec(ingress: Json, target: TrafficTarget): Json {
  const { apex, canary } = serviceNames(target);
  const spec = JSON.parse(JSON.stringify(ingress.spec ?? {}));
  const backends: Json[] = [
    spec.defaultBackend,
    ...(spec.rules ?? []).flatMap((rule: Json) =>
      (rule.http?.paths ?? []).map((path: Json) => path.backend),
    ),
  ].filter(backend => backend?.service?.name === apex);
  if (backends.length === 0) {
    throw new Error(
      `backend ${apex} not found in Ingress ${target.namespace}/${ingress.metadata.name}`,
    );
  }
  for (const backend of backends) backend.service.name = canary;
  return spec;
}

function canaryIngress(
  ingress: Json,
  target: TrafficTarget,
  weights: TrafficWeights,
): KubernetesObject {
  const routing =
    isAbTesting(target) && weights.canary > 0
      ? abAnnotations(target)
      : { [CANARY_WEIGHT]: String(weights.canary) };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: canaryIngressRef(target).name,
      namespace: target.namespace,
      labels: ingress.metadata?.labels,
      annotations: {
        ...copiedAnnotations(ingress),
        [CANARY]: 'true',
        ...routing,
      },
    },
    spec: canarySpec(ingress, target),
  };
}

/**
 * NGINX Ingress: a copy of `spec.ingressRef` named `<ingress>-canary`,
 * backed by `<apex>-canary` and marked as NGINX's canary; the weight (or the
 * A/B header/cookie) is in its annotations. Mirroring is not supported by
 * NGINX: `mirror` is ignored, as in Flagger.
 */
export class NginxRouter extends WeightedObjectRouter {
  readonly provider = 'nginx';
  protected readonly routing: WeightedRoutingObject = {
    ref: canaryIngressRef,
    build: buildCanaryCopy(
      ingressRef,
      'spec.ingressRef names it',
      canaryIngress,
    ),
    weightsOf,
  };
}
