import type { ArgoTrafficContext } from './types';

/** `trafficRouting.maxTrafficWeight`: the weight that means all traffic (default 100). */
export function maxWeightOf(ctx: Pick<ArgoTrafficContext, 'spec'>): number {
  const { strategy } = ctx.spec;
  return (
    (strategy.kind === 'canary' && strategy.trafficRouting?.maxTrafficWeight) ||
    100
  );
}

/**
 * The stable's share for a canary weight: the rest of `maxTrafficWeight`.
 * Refuses what no router can express: a fraction, a negative weight or
 * more than all traffic.
 */
export function stableWeightFor(
  ctx: Pick<ArgoTrafficContext, 'spec'>,
  canaryWeight: number,
): number {
  const max = maxWeightOf(ctx);
  if (
    !Number.isInteger(canaryWeight) ||
    canaryWeight < 0 ||
    canaryWeight > max
  ) {
    throw new Error(
      `canary weight must be a whole number from 0 to ${max} (maxTrafficWeight); got ${canaryWeight}`,
    );
  }
  return max - canaryWeight;
}
