import type { ArgoRolloutSpec, IntOrPercent } from '../spec';

/**
 * An int-or-percent field resolved against `total`, as apimachinery's
 * `GetScaledValueFromIntOrPercent`: a count as is, a percentage of
 * `total` rounded up (`roundUp`) or down.
 */
export function intOrPercentValue(
  value: IntOrPercent,
  total: number,
  roundUp: boolean,
): number {
  if (typeof value === 'number') return value;
  const percent = Number(value.slice(0, -1));
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * `maxSurge` and `maxUnavailable` of a canary resolved together, as Argo's
 * `resolveFenceposts` (`utils/replicaset/replicaset.go`): surge rounds up,
 * unavailable rounds down, and when both come to 0 unavailable becomes 1
 * so the rollout can still move.
 */
export function resolveFenceposts(
  surgeField: IntOrPercent,
  unavailableField: IntOrPercent,
  replicas: number,
): { surge: number; unavailable: number } {
  const surge = intOrPercentValue(surgeField, replicas, true);
  let unavailable = intOrPercentValue(unavailableField, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** Argo's `MaxSurge`: pods a canary may run above `spec.replicas`; 0 for blue-green. */
export function maxSurge(spec: ArgoRolloutSpec): number {
  const strategy = spec.strategy;
  if (strategy.kind !== 'canary') return 0;
  return resolveFenceposts(
    strategy.maxSurge,
    strategy.maxUnavailable,
    spec.replicas,
  ).surge;
}

/**
 * Argo's `MaxUnavailable`: pods that may be unavailable, at most
 * `spec.replicas`. A canary resolves it with `maxSurge` (so never 0 when
 * both are); blue-green reads its own field alone, rounding down.
 */
export function maxUnavailable(spec: ArgoRolloutSpec): number {
  const replicas = spec.replicas;
  if (replicas === 0) return 0;
  const strategy = spec.strategy;
  const unavailable =
    strategy.kind === 'canary'
      ? resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas)
          .unavailable
      : intOrPercentValue(strategy.maxUnavailable, replicas, false);
  return Math.min(unavailable, replicas);
}

/** The weight that means all traffic: `trafficRouting.maxTrafficWeight`, else 100 (`weightutil.MaxTrafficWeight`). */
export function maxTrafficWeight(spec: ArgoRolloutSpec): number {
  return spec.strategy.kind === 'canary'
    ? spec.strategy.trafficRouting?.maxTrafficWeight ?? 100
    : 100;
}
