import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { cloneJson } from '../../../kube/values';
import type { Json } from '../../routers/routerBasics';
import type { OwnerReference } from '../replicas/types';
import type { NginxTrafficRouting } from '../spec';

const SUFFIX = '-canary';
/** Longest object name Kubernetes stores. */
const MAX_NAME = 253;

/** Argo's `GetCanaryIngressName`: `<rollout>-<stable ingress>-canary`, the head cut to fit 253 characters. */
export function canaryIngressName(
  rolloutName: string,
  stableIngress: string,
): string {
  const head = `${rolloutName}-${stableIngress}`.slice(
    0,
    MAX_NAME - SUFFIX.length,
  );
  return `${head}${SUFFIX}`;
}

export interface CanaryIngressInput {
  /** The stable Ingress as stored (`networking.k8s.io/v1`). */
  stable: Json;
  name: string;
  namespace: string;
  nginx: NginxTrafficRouting;
  stableService: string;
  canaryService: string;
  canaryWeight: number;
  maxTrafficWeight: number;
  owner?: OwnerReference;
}

/**
 * The rules of the stable Ingress that send something to the stable
 * Service, with those backends pointed at the canary Service. Rules that
 * never reach the stable Service, and the default backend, are left out
 * (Argo copies only such rules).
 */
function canaryRules(
  stable: Json,
  stableService: string,
  canaryService: string,
): Json[] {
  const rules: Json[] = Array.isArray(stable.spec?.rules)
    ? stable.spec.rules
    : [];
  return rules.flatMap(rule => {
    const copy = cloneJson(rule);
    const paths: Json[] = Array.isArray(copy.http?.paths)
      ? copy.http.paths
      : [];
    const onStable = paths.filter(
      path => path?.backend?.service?.name === stableService,
    );
    for (const path of onStable) path.backend.service.name = canaryService;
    return onStable.length > 0 ? [copy] : [];
  });
}

/**
 * The canary's annotations in Argo's precedence: the stable's
 * `kubernetes.io/ingress.class`, then `additionalIngressAnnotations`
 * (under the prefix unless a key starts with it), then
 * `canaryIngressAnnotations` as written, then `canary: "true"`, the
 * weight, and `canary-weight-total` when the total is not NGINX's 100.
 */
function canaryAnnotations(input: CanaryIngressInput): Record<string, string> {
  const { stable, nginx, canaryWeight, maxTrafficWeight } = input;
  const prefix = nginx.annotationPrefix;
  const annotations: Record<string, string> = {};
  const ingressClass =
    stable.metadata?.annotations?.['kubernetes.io/ingress.class'];
  if (ingressClass !== undefined) {
    annotations['kubernetes.io/ingress.class'] = ingressClass;
  }
  for (const [key, value] of Object.entries(
    nginx.additionalIngressAnnotations,
  )) {
    annotations[key.startsWith(prefix) ? key : `${prefix}/${key}`] = value;
  }
  Object.assign(annotations, nginx.canaryIngressAnnotations);
  annotations[`${prefix}/canary`] = 'true';
  annotations[`${prefix}/canary-weight`] = String(canaryWeight);
  if (maxTrafficWeight !== 100) {
    annotations[`${prefix}/canary-weight-total`] = String(maxTrafficWeight);
  }
  return annotations;
}

/**
 * The canary Ingress Argo's NGINX reconciler builds from a stable Ingress:
 * its class (field and annotation) and TLS, its rules that reach the stable
 * Service pointed at the canary Service, the canary annotations, and the
 * Rollout as controller when known. Nothing else of the stable's metadata
 * is copied: NGINX reads every other setting from the stable Ingress.
 */
export function canaryIngress(input: CanaryIngressInput): KubernetesObject {
  const { stable, name, namespace, stableService, canaryService, owner } =
    input;
  const rules = canaryRules(stable, stableService, canaryService);
  if (rules.length === 0) {
    throw new Error(
      `Ingress ${namespace}/${stable.metadata.name} has no rules using service ${stableService} backend (named in spec.strategy.canary.trafficRouting.nginx)`,
    );
  }
  const spec: Json = {};
  if (stable.spec?.ingressClassName !== undefined) {
    spec.ingressClassName = stable.spec.ingressClassName;
  }
  if (stable.spec?.tls !== undefined) spec.tls = cloneJson(stable.spec.tls);
  spec.rules = rules;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace,
      annotations: canaryAnnotations(input),
      ...(owner ? { ownerReferences: [owner] } : {}),
    },
    spec,
  };
}
