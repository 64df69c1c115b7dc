import type { ArgoRolloutSpec } from '../spec';
import { POD_TEMPLATE_HASH_LABEL } from './constants';

/**
 * The pod spec with Argo's anti-affinity rule added, as
 * `GenerateReplicaSetAffinity` (`utils/replicaset/replicaset.go`) does for
 * a new ReplicaSet when the strategy sets `antiAffinity` and a stable
 * ReplicaSet other than this one exists: the new pods avoid the nodes
 * (`kubernetes.io/hostname`) running the stable pods, as a required rule
 * or a preferred one with the configured weight, appended to the
 * template's own rules. Otherwise the pod spec is returned as is.
 */
export function withStableAntiAffinity(
  spec: ArgoRolloutSpec,
  podSpec: Record<string, unknown>,
  hash: string,
  stableHash: string | undefined,
): Record<string, unknown> {
  const antiAffinity = spec.strategy.antiAffinity;
  if (!antiAffinity || !stableHash || stableHash === hash) return podSpec;
  const term: Record<string, unknown> = {
    labelSelector: {
      matchExpressions: [
        { key: POD_TEMPLATE_HASH_LABEL, operator: 'In', values: [stableHash] },
      ],
    },
    topologyKey: 'kubernetes.io/hostname',
  };
  if (spec.source.namespace) term.namespaces = [spec.source.namespace];

  const affinity = { ...(podSpec.affinity as Record<string, unknown>) };
  const podAntiAffinity = {
    ...(affinity.podAntiAffinity as Record<string, unknown>),
  };
  if (antiAffinity.type === 'preferred') {
    const key = 'preferredDuringSchedulingIgnoredDuringExecution';
    podAntiAffinity[key] = [
      ...((podAntiAffinity[key] as unknown[]) ?? []),
      { weight: antiAffinity.weight ?? 1, podAffinityTerm: term },
    ];
  } else {
    const key = 'requiredDuringSchedulingIgnoredDuringExecution';
    podAntiAffinity[key] = [
      ...((podAntiAffinity[key] as unknown[]) ?? []),
      term,
    ];
  }
  affinity.podAntiAffinity = podAntiAffinity;
  return { ...podSpec, affinity };
}
