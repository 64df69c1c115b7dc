import type {
  KubernetesObject,
  KubernetesObjectRef,
} from '@slipway/plugin-gitops-node';
import { jsonEqual } from '../../../kube/values';
import type { Json } from '../../routers/routerBasics';
import { GATEWAY_API_PLUGIN, type SetHeaderRoute } from '../spec';
import {
  weightedRules,
  withHeaderRules,
  withoutHeaderRules,
} from './gatewayRouteRules';
import { about, notFoundError } from './objectRefs';
import { routerConfigOf, trafficRoutingOf } from './routingConfig';
import { changeSharedObject, withSpecLists } from './sharedObject';
import type { ArgoTrafficContext, ArgoTrafficRouter } from './types';
import { stableWeightFor } from './weights';

const FIELD = `spec.strategy.canary.trafficRouting.plugins["${GATEWAY_API_PLUGIN}"]`;

/** `owned` with the rollout's in-progress label set (a canary getting traffic) or dropped. */
function withInProgressLabel(
  owned: KubernetesObject,
  label: { key: string; value: string } | undefined,
  inProgress: boolean,
): KubernetesObject {
  if (!label) return owned;
  const labels = { ...owned.metadata.labels };
  if (inProgress) labels[label.key] = label.value;
  else delete labels[label.key];
  const { labels: _old, ...metadata } = owned.metadata;
  return {
    ...owned,
    metadata:
      Object.keys(labels).length > 0 ? { ...metadata, labels } : metadata,
  };
}

/**
 * The Gateway API traffic router plugin (`argoproj-labs/gatewayAPI`),
 * HTTPRoutes only: the canary's and the stable's backendRef weights in
 * every rule of each named HTTPRoute, and the in-progress label while the
 * canary gets traffic. Routes with `useHeaderRoutes` take header rules for
 * `setHeaderRoute` steps, appended after the team's rules. Routes are
 * changed in place; the rest of each stays the team's. The stable gets
 * the rest of `maxTrafficWeight` (the plugin writes 100 minus the canary's
 * weight, which only fits a total of 100).
 */
export class ArgoGatewayApiRouter implements ArgoTrafficRouter {
  readonly kind = 'gatewayAPI';

  async setWeight(ctx: ArgoTrafficContext, canaryWeight: number) {
    const stableWeight = stableWeightFor(ctx, canaryWeight);
    const config = routerConfigOf(ctx, 'gatewayAPI');
    const { managedRoutes } = trafficRoutingOf(ctx);
    for (const { name } of config.httpRoutes) {
      await this.change(ctx, name, (live, owned) => {
        const rules: Json[] = Array.isArray(live.spec?.rules)
          ? live.spec.rules
          : [];
        const next = weightedRules(rules, {
          canaryService: ctx.canaryService,
          stableService: ctx.stableService,
          canaryWeight,
          stableWeight,
          managedRoutes,
        });
        const body = jsonEqual(next, rules)
          ? owned
          : withSpecLists(owned, { rules: next });
        return withInProgressLabel(
          body,
          config.inProgressLabel,
          canaryWeight > 0,
        );
      });
    }
  }

  /** The plugin answers Verified without looking: Argo records the weight as verified. */
  async verifyWeight(): Promise<boolean | undefined> {
    return true;
  }

  async setHeaderRoute(ctx: ArgoTrafficContext, route: SetHeaderRoute) {
    if (route.match.length === 0) {
      // The plugin removes every header rule when one route's match is empty.
      await this.removeManagedRoutes(ctx);
      return;
    }
    for (const { name } of this.headerRoutes(ctx)) {
      await this.change(ctx, name, (live, owned) => {
        const rules: Json[] = Array.isArray(live.spec?.rules)
          ? live.spec.rules
          : [];
        const next = withHeaderRules(rules, route, ctx);
        return jsonEqual(next, rules)
          ? undefined
          : withSpecLists(owned, { rules: next });
      });
    }
  }

  async removeManagedRoutes(ctx: ArgoTrafficContext) {
    const { managedRoutes } = trafficRoutingOf(ctx);
    for (const { name } of this.headerRoutes(ctx)) {
      await this.change(ctx, name, (live, owned) => {
        const rules: Json[] = Array.isArray(live.spec?.rules)
          ? live.spec.rules
          : [];
        const next = withoutHeaderRules(
          rules,
          managedRoutes,
          ctx.canaryService,
        );
        return next.length === rules.length
          ? undefined
          : withSpecLists(owned, { rules: next });
      });
    }
  }

  async updateHash(): Promise<void> {}

  /** The HTTPRoutes that take header routes (`useHeaderRoutes`, or the single `httpRoute`). */
  private headerRoutes(ctx: ArgoTrafficContext) {
    return routerConfigOf(ctx, 'gatewayAPI').httpRoutes.filter(
      route => route.useHeaderRoutes,
    );
  }

  private async change(
    ctx: ArgoTrafficContext,
    name: string,
    change: (live: Json, owned: Json) => KubernetesObject | undefined,
  ) {
    const config = routerConfigOf(ctx, 'gatewayAPI');
    const ref: KubernetesObjectRef = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      namespace: config.namespace ?? ctx.namespace,
      name,
    };
    await changeSharedObject(
      ctx.cluster,
      ref,
      notFoundError(ref, FIELD),
      (live, owned) => about(ref, () => change(live, owned)),
    );
  }
}
