import type { ArgoRolloutSpec } from './types';

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';

/**
 * A stored rollout spec that is an Argo Rollout's: specs of every kind share
 * one column, and an Argo spec's `source` names its API version.
 */
export function isArgoRolloutSpec(spec: unknown): spec is ArgoRolloutSpec {
  const source = (spec as { source?: { apiVersion?: unknown } } | undefined)
    ?.source;
  return source?.apiVersion === ARGO_API_VERSION;
}
