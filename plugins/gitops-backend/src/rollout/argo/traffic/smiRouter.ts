import { isControlledByRollout } from './controlledBy';
import { routerConfigOf } from './routingConfig';
import {
  DEFAULT_SMI_API_VERSION,
  SmiApiVersion,
  trafficSplit,
} from './smiTrafficSplit';
import type { ArgoTrafficContext, ArgoTrafficRouter } from './types';
import { stableWeightFor } from './weights';

/**
 * `trafficRouting.smi`: the TrafficSplit `trafficSplitName` (default the
 * rollout's name), created and rewritten whole by the rollout; one it did
 * not create is refused. Header routes, managed routes and weight checks
 * are no-ops, as in Argo.
 */
export class ArgoSmiRouter implements ArgoTrafficRouter {
  readonly kind = 'smi';

  constructor(
    private readonly apiVersion: SmiApiVersion = DEFAULT_SMI_API_VERSION,
  ) {}

  async setWeight(ctx: ArgoTrafficContext, canaryWeight: number) {
    const stableWeight = stableWeightFor(ctx, canaryWeight);
    const smi = routerConfigOf(ctx, 'smi');
    const desired = trafficSplit({
      name: smi.trafficSplitName,
      namespace: ctx.namespace,
      rootService: smi.rootService,
      canaryService: ctx.canaryService,
      stableService: ctx.stableService,
      canaryWeight,
      stableWeight,
      apiVersion: this.apiVersion,
      owner: ctx.owner,
    });
    const existing = await ctx.cluster.get({
      apiVersion: desired.apiVersion,
      kind: 'TrafficSplit',
      namespace: ctx.namespace,
      name: smi.trafficSplitName,
    });
    if (existing && !isControlledByRollout(existing, ctx)) {
      throw new Error(
        `Rollout does not own TrafficSplit \`${smi.trafficSplitName}\` in ${ctx.namespace}`,
      );
    }
    await ctx.cluster.apply(desired);
  }

  async verifyWeight(): Promise<boolean | undefined> {
    return undefined;
  }

  async setHeaderRoute(): Promise<void> {}

  async removeManagedRoutes(): Promise<void> {}

  async updateHash(): Promise<void> {}
}
