import { isControlledByRollout } from './controlledBy';
import { canaryIngress, canaryIngressName } from './nginxCanaryIngress';
import { routerConfigOf } from './routingConfig';
import type { ArgoTrafficContext, ArgoTrafficRouter } from './types';
import { maxWeightOf, stableWeightFor } from './weights';

const ingressRef = (ctx: ArgoTrafficContext, name: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  namespace: ctx.namespace,
  name,
});

/**
 * `trafficRouting.nginx`: for each stable Ingress, the canary Ingress
 * `<rollout>-<ingress>-canary` that ingress-nginx reads the canary weight
 * from. The canary Ingress is the rollout's: it is rebuilt from the stable
 * Ingress on every weight and applied whole, so it follows the stable's
 * rules. Header routes and managed routes are no-ops, as in Argo (route by
 * header with `additionalIngressAnnotations`), and so is verifying weights.
 */
export class ArgoNginxRouter implements ArgoTrafficRouter {
  readonly kind = 'nginx';

  async setWeight(ctx: ArgoTrafficContext, canaryWeight: number) {
    stableWeightFor(ctx, canaryWeight);
    const nginx = routerConfigOf(ctx, 'nginx');
    for (const stableName of nginx.stableIngresses) {
      const stable = await ctx.cluster.get(ingressRef(ctx, stableName));
      if (!stable) {
        throw new Error(
          `stable Ingress ${ctx.namespace}/${stableName} not found (named in spec.strategy.canary.trafficRouting.nginx)`,
        );
      }
      const name = canaryIngressName(ctx.rolloutName, stableName);
      const desired = canaryIngress({
        stable,
        name,
        namespace: ctx.namespace,
        nginx,
        stableService: ctx.stableService,
        canaryService: ctx.canaryService,
        canaryWeight,
        maxTrafficWeight: maxWeightOf(ctx),
        owner: ctx.owner,
      });
      const existing = await ctx.cluster.get(ingressRef(ctx, name));
      if (existing && !isControlledByRollout(existing, ctx)) {
        throw new Error(
          `canary ingress \`${name}\` in ${ctx.namespace} controlled by different object`,
        );
      }
      await ctx.cluster.apply(desired);
    }
  }

  async verifyWeight(): Promise<boolean | undefined> {
    return undefined;
  }

  async setHeaderRoute(): Promise<void> {}

  async removeManagedRoutes(): Promise<void> {}

  async updateHash(): Promise<void> {}
}
