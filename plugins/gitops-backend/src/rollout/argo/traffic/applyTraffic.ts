import type { SetHeaderRoute } from '../spec';
import type { ArgoTrafficContext, ArgoTrafficRouter } from './types';

/** What one reconcile asks of the routers (the traffic part of the controller's plan). */
export interface ArgoTrafficActions {
  /** The weight for the canary, out of `maxTrafficWeight`; the stable gets the rest. */
  canaryWeight?: number;
  setHeaderRoute?: SetHeaderRoute;
  removeManagedRoutes?: boolean;
}

/**
 * Runs one reconcile's traffic actions through every router in Argo's
 * order (`reconcileTrafficRouting`): each router removes the managed
 * routes, sets the step's header route, moves the hash selectors, then
 * sets and verifies the weight, before the next router starts. Returns
 * the verification: false when a router says the weight is not in place
 * yet, true when one confirmed it and none denied it, undefined when none
 * can tell or no weight was set.
 */
export async function applyArgoTraffic(
  routers: ArgoTrafficRouter[],
  ctx: ArgoTrafficContext,
  actions: ArgoTrafficActions,
): Promise<{ verified?: boolean }> {
  const answers: (boolean | undefined)[] = [];
  for (const router of routers) {
    if (actions.removeManagedRoutes) await router.removeManagedRoutes(ctx);
    if (actions.setHeaderRoute) {
      await router.setHeaderRoute(ctx, actions.setHeaderRoute);
    }
    if (actions.canaryWeight === undefined) continue;
    await router.updateHash(ctx);
    await router.setWeight(ctx, actions.canaryWeight);
    answers.push(await router.verifyWeight(ctx, actions.canaryWeight));
  }
  if (answers.includes(false)) return { verified: false };
  return answers.includes(true) ? { verified: true } : {};
}
