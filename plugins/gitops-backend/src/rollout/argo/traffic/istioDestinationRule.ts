import { cloneJson } from '../../../kube/values';
import type { Json } from '../../routers/routerBasics';
import { POD_TEMPLATE_HASH_LABEL } from '../replicas/constants';
import type { IstioTrafficRouting } from '../spec';
import type { ArgoTrafficReplicaSet } from './types';

type DestinationRuleConfig = NonNullable<
  IstioTrafficRouting['destinationRule']
>;

/**
 * The DestinationRule's subsets with the canary and stable subsets
 * selecting their ReplicaSet's `rollouts-pod-template-hash` (the label
 * removed while a side has no hash), as Argo's `UpdateHash` sets them.
 * Argo also drops every other subset; Slipway keeps them, so a subset the
 * team added for something else survives the rollout.
 */
export function hashedSubsets(
  subsets: Json[],
  config: DestinationRuleConfig,
  canaryHash: string,
  stableHash: string,
): Json[] {
  // The canary's hash wins should both subsets have one name, as in Argo.
  const hashes: Record<string, string> = {
    [config.stableSubsetName]: stableHash,
    [config.canarySubsetName]: canaryHash,
  };
  return subsets.map(subset => {
    const name = subset?.name;
    if (typeof name !== 'string' || !Object.hasOwn(hashes, name)) {
      return subset;
    }
    const hash = hashes[name];
    const labels: Record<string, string> = { ...cloneJson(subset.labels) };
    if (hash) labels[POD_TEMPLATE_HASH_LABEL] = hash;
    else delete labels[POD_TEMPLATE_HASH_LABEL];
    return { ...subset, labels };
  });
}

/** Argo's `IsReplicaSetAvailable`: it wants pods and has as many available. */
const isAvailable = (rs: ArgoTrafficReplicaSet) =>
  rs.replicas > 0 &&
  rs.availableReplicas > 0 &&
  rs.replicas <= rs.availableReplicas;

/**
 * Whether Argo holds the DestinationRule back: a rollout naming neither
 * service has nothing else keeping traffic off pods that are not up yet,
 * so the subsets move only once every scaled ReplicaSet that will take
 * traffic (canary or stable) is available.
 */
export function holdSubsetSwitch(
  services: { canaryService: string; stableService: string },
  replicaSets: ArgoTrafficReplicaSet[] | undefined,
  hashes: { canaryHash: string; stableHash: string },
): boolean {
  if (services.canaryService || services.stableService) return false;
  return (replicaSets ?? []).some(
    rs =>
      rs.replicas > 0 &&
      rs.podTemplateHash !== '' &&
      (rs.podTemplateHash === hashes.canaryHash ||
        rs.podTemplateHash === hashes.stableHash) &&
      !isAvailable(rs),
  );
}
