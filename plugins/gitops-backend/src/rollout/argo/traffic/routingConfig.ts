import type { TrafficRouting } from '../spec';
import type { ArgoTrafficContext } from './types';

/** `canary.trafficRouting` of the rollout; fails for a rollout without it (a router was picked for nothing). */
export function trafficRoutingOf(
  ctx: Pick<ArgoTrafficContext, 'spec' | 'rolloutName'>,
): TrafficRouting {
  const { strategy } = ctx.spec;
  if (strategy.kind !== 'canary' || !strategy.trafficRouting) {
    throw new Error(
      `Rollout ${ctx.rolloutName} has no spec.strategy.canary.trafficRouting`,
    );
  }
  return strategy.trafficRouting;
}

/** `trafficRouting.<router>`, failing with the field named when the rollout does not configure it. */
export function routerConfigOf<K extends keyof TrafficRouting>(
  ctx: Pick<ArgoTrafficContext, 'spec' | 'rolloutName'>,
  router: K,
): NonNullable<TrafficRouting[K]> {
  const config = trafficRoutingOf(ctx)[router];
  if (config === undefined || config === null) {
    throw new Error(
      `Rollout ${ctx.rolloutName} has no spec.strategy.canary.trafficRouting.${router}`,
    );
  }
  return config as NonNullable<TrafficRouting[K]>;
}
