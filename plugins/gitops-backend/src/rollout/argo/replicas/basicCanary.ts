import type { ArgoRolloutSpec } from '../spec';
import { maxSurge, maxTrafficWeight, maxUnavailable } from './fenceposts';
import type { ReplicaCounts } from './types';

/** Desired replica counts of a canary's two ReplicaSets. */
export interface CanaryReplicas {
  canary: number;
  stable: number;
}

/**
 * Argo's `approximateWeightedCanaryStableReplicaCounts`
 * (`utils/replicaset/canary.go`): the canary and stable counts whose ratio
 * comes closest to `weight` out of `maxWeight`. They add up to
 * `replicas`, or to `replicas + 1` when `surge` allows and that comes
 * closer. With a weight strictly between 0 and the maximum and two pods or
 * more, neither side is ever 0. A tie between rounding down and up goes up.
 */
export function approximateWeightedCounts(
  replicas: number,
  weight: number,
  maxWeight: number,
  surge: number,
): CanaryReplicas {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const options: { canary: number; total: number }[] = [];
  const ceil = Math.ceil((replicas * weight) / maxWeight);
  const floor = Math.floor((replicas * weight) / maxWeight);
  const tied = floorCeilingTied(weight, maxWeight, replicas);
  const zeroAllowed =
    weight === maxWeight || weight === 0 || (replicas === 1 && surge === 0);

  if (ceil < replicas || zeroAllowed)
    options.push({ canary: ceil, total: replicas });
  if (!tied && (floor !== 0 || zeroAllowed))
    options.push({ canary: floor, total: replicas });
  if (surge > 0) {
    options.push({ canary: ceil, total: replicas + 1 });
    const surgeTied = floorCeilingTied(weight, maxWeight, replicas + 1);
    if (!surgeTied && (floor !== 0 || zeroAllowed))
      options.push({ canary: floor, total: replicas + 1 });
  }
  if (options.length === 0) return { canary: 0, stable: replicas };

  let best = options[0];
  let bestDelta = weightDelta(weight, maxWeight, best.canary, best.total);
  for (const option of options.slice(1)) {
    const delta = weightDelta(weight, maxWeight, option.canary, option.total);
    if (delta < bestDelta) {
      best = option;
      bestDelta = delta;
    }
  }
  return { canary: best.canary, stable: best.total - best.canary };
}

/** Whether `total` pods at `weight` fall exactly halfway between two counts (float arithmetic as Go's). */
function floorCeilingTied(weight: number, maxWeight: number, total: number) {
  const exact = total * (weight / maxWeight);
  return exact - Math.trunc(exact) === 0.5;
}

function weightDelta(
  weight: number,
  maxWeight: number,
  canary: number,
  total: number,
): number {
  return Math.abs((canary * maxWeight) / total - weight);
}

/** The ReplicaSets a basic canary scales, with their current counts. */
export interface BasicCanaryReplicaSets {
  /** The new (canary) ReplicaSet, when it exists. */
  canary?: ReplicaCounts;
  /**
   * The stable ReplicaSet, when one exists and is not the canary. Without
   * it the rollout is not following its steps: the canary is scaled to
   * all of `spec.replicas`.
   */
  stable?: ReplicaCounts;
  /** Every other ReplicaSet of the rollout (older revisions). */
  others?: readonly ReplicaCounts[];
}

/**
 * Argo's `CalculateReplicaCountsForBasicCanary`: the next counts of a
 * canary without traffic routing, where the split of pods is the split of
 * traffic. `weight` is the canary's share out of 100 (`canaryScale`'s
 * weight). From the counts that approximate the weight best:
 *
 * 1. scale up, stable first, within `spec.replicas + maxSurge` pods in
 *    all (maxSurge rounds up from a percentage);
 * 2. while older ReplicaSets still have pods, scale nothing down (they go
 *    first, see `canaryOtherReplicaSets`);
 * 3. scale down, keeping at least `spec.replicas - maxUnavailable` pods
 *    available (maxUnavailable rounds down; 1 when both come to 0): the
 *    stable while the canary grows, the canary while it shrinks (an abort,
 *    a lower weight); the side that shrinks is counted by its pods, the
 *    other by its available pods.
 */
export function basicCanaryReplicas(
  spec: ArgoRolloutSpec,
  weight: number,
  replicaSets: BasicCanaryReplicaSets,
): CanaryReplicas {
  const specReplicas = spec.replicas;
  const surge = maxSurge(spec);
  const { canary: newRS, others = [] } = replicaSets;
  const stableRS = replicaSets.stable;
  let { canary: desiredNew, stable: desiredStable } = approximateWeightedCounts(
    specReplicas,
    weight,
    maxTrafficWeight(spec),
    surge,
  );

  let newCount = newRS?.replicas ?? 0;
  let stableCount = 0;
  if (stableRS) {
    stableCount = stableRS.replicas;
  } else {
    desiredNew = specReplicas;
    desiredStable = 0;
  }

  const maxAllowed = specReplicas + surge;
  const otherCount = sumReplicas(others);
  const total = otherCount + (newRS?.replicas ?? 0) + (stableRS?.replicas ?? 0);
  let scaleUp = maxAllowed - total;

  if (stableRS && stableRS.replicas < desiredStable && scaleUp > 0) {
    if (stableRS.replicas + scaleUp < desiredStable) {
      stableCount = stableRS.replicas + scaleUp;
      scaleUp = 0;
    } else {
      stableCount = desiredStable;
      scaleUp -= desiredStable - stableRS.replicas;
    }
  }
  if (newRS && newRS.replicas < desiredNew && scaleUp > 0) {
    newCount = Math.min(newRS.replicas + scaleUp, desiredNew);
  }

  if (otherCount > 0) return { canary: newCount, stable: stableCount };

  const minAvailable = specReplicas - maxUnavailable(spec);
  const increasing = !newRS || desiredNew >= newRS.replicas;
  const scalable =
    replicasForScaleDown(newRS, !increasing) +
    replicasForScaleDown(stableRS, increasing);
  if (scalable <= minAvailable)
    return { canary: newCount, stable: stableCount };

  const scaleDown = scalable - minAvailable;
  if (!increasing) {
    newCount = drainedCount(newRS, desiredNew, scaleDown, newCount);
    [newCount, stableCount] = withinLimits(
      newRS,
      stableRS,
      newCount,
      stableCount,
      maxAllowed,
      minAvailable,
    );
  } else if (stableRS) {
    stableCount = drainedCount(stableRS, desiredStable, scaleDown, stableCount);
    [stableCount, newCount] = withinLimits(
      stableRS,
      newRS,
      stableCount,
      newCount,
      maxAllowed,
      minAvailable,
    );
  }
  return { canary: newCount, stable: stableCount };
}

function sumReplicas(replicaSets: readonly ReplicaCounts[]): number {
  return replicaSets.reduce((sum, rs) => sum + rs.replicas, 0);
}

/**
 * Argo's `GetReplicasForScaleDown`: the pods of `rs` to count as
 * available. Its replicas when fewer than its available pods (the extra
 * ones are going away) or when availability is ignored, else its
 * available pods.
 */
function replicasForScaleDown(
  rs: ReplicaCounts | undefined,
  ignoreAvailability: boolean,
): number {
  if (!rs) return 0;
  if (rs.replicas < rs.availableReplicas) return rs.replicas;
  return ignoreAvailability ? rs.replicas : rs.availableReplicas;
}

/** Argo's `calculateScaleDownReplicaCount`: scale the draining side down towards its desired count, by at most `scaleDown`. */
function drainedCount(
  drain: ReplicaCounts | undefined,
  desired: number,
  scaleDown: number,
  current: number,
): number {
  if (drain && drain.replicas > desired) {
    return Math.max(desired, drain.replicas - scaleDown);
  }
  return current;
}

/**
 * Argo's `adjustReplicaWithinLimits`: after the draining side shrank,
 * trim the other side back within `maxAllowed` pods, give it back what
 * that trim would cost below `minAvailable`, and trim the draining side
 * for what is still over.
 */
function withinLimits(
  drain: ReplicaCounts | undefined,
  adjust: ReplicaCounts | undefined,
  drainCount: number,
  adjustCount: number,
  maxAllowed: number,
  minAvailable: number,
): [number, number] {
  let drained = drainCount;
  let adjusted = adjustCount;
  let overLimit = Math.max(0, adjusted + drained - maxAllowed);
  let available = 0;
  if (drain) available += Math.min(drain.availableReplicas, drained);
  if (adjust) {
    adjusted -= overLimit;
    available += Math.min(adjust.availableReplicas, adjusted);
    const extraAvailable = Math.max(0, adjust.availableReplicas - adjusted);
    const missing = Math.max(0, minAvailable - available);
    adjusted += Math.min(extraAvailable, missing);
    overLimit = Math.max(0, adjusted + drained - maxAllowed);
    drained -= overLimit;
  }
  return [drained, adjusted];
}
