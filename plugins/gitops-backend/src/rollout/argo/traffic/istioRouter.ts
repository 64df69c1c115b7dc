import type { KubernetesObjectRef } from '@slipway/plugin-gitops-node';
import { jsonEqual } from '../../../kube/values';
import { ISTIO_API_VERSION } from '../../routers/istioObjects';
import type { Json } from '../../routers/routerBasics';
import { MANAGED_BY_ROLLOUTS_ANNOTATION } from '../replicas/constants';
import type {
  IstioTrafficRouting,
  IstioVirtualService,
  SetHeaderRoute,
} from '../spec';
import { hashedSubsets, holdSubsetSwitch } from './istioDestinationRule';
import {
  headerRoute,
  orderManagedRoutes,
  weightedRoutePort,
  withoutRoutes,
} from './istioManagedRoutes';
import type { IstioBackends } from './istioRouteSelection';
import { IstioRouteLists, weightedVirtualService } from './istioWeights';
import { about, notFoundError, refLabel } from './objectRefs';
import { routerConfigOf, trafficRoutingOf } from './routingConfig';
import { changeSharedObject, withSpecLists } from './sharedObject';
import type { ArgoTrafficContext, ArgoTrafficRouter } from './types';
import { stableWeightFor } from './weights';

const virtualServiceRef = (
  ctx: ArgoTrafficContext,
  vs: IstioVirtualService,
): KubernetesObjectRef => ({
  apiVersion: ISTIO_API_VERSION,
  kind: 'VirtualService',
  namespace: vs.namespace ?? ctx.namespace,
  name: vs.name,
});

const routeListsOf = (live: Json): IstioRouteLists => {
  const lists: IstioRouteLists = {};
  for (const kind of ['http', 'tls', 'tcp'] as const) {
    if (Array.isArray(live.spec?.[kind])) lists[kind] = live.spec[kind];
  }
  return lists;
};

const VS_FIELD = 'spec.strategy.canary.trafficRouting.istio';
const DR_FIELD = `${VS_FIELD}.destinationRule`;

function backendsOf(
  ctx: ArgoTrafficContext,
  istio: IstioTrafficRouting,
): IstioBackends {
  const rule = istio.destinationRule;
  return {
    stableService: ctx.stableService,
    canaryService: ctx.canaryService,
    subsets: rule && {
      canary: rule.canarySubsetName,
      stable: rule.stableSubsetName,
    },
  };
}

function destinationRuleRef(
  ctx: ArgoTrafficContext,
  name: string,
): KubernetesObjectRef {
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: 'DestinationRule',
    namespace: ctx.namespace,
    name,
  };
}

/**
 * `trafficRouting.istio`: weights on the named routes of each
 * VirtualService (host-level by the two services, or subset-level by the
 * DestinationRule's subsets, whose hash labels `updateHash` keeps), header
 * routes for `setHeaderRoute` steps placed in `managedRoutes` order above
 * the team's routes, and their removal. Routes are changed in place on
 * the team's objects; the rest of each object stays the team's.
 */
export class ArgoIstioRouter implements ArgoTrafficRouter {
  readonly kind = 'istio';

  async setWeight(ctx: ArgoTrafficContext, canaryWeight: number) {
    const stableWeight = stableWeightFor(ctx, canaryWeight);
    const istio = routerConfigOf(ctx, 'istio');
    const { managedRoutes } = trafficRoutingOf(ctx);
    const backends = backendsOf(ctx, istio);
    for (const vs of istio.virtualServices) {
      const ref = virtualServiceRef(ctx, vs);
      await changeSharedObject(
        ctx.cluster,
        ref,
        notFoundError(ref, VS_FIELD),
        (live, owned) => {
          const changed = about(ref, () =>
            weightedVirtualService(
              routeListsOf(live),
              vs,
              backends,
              managedRoutes,
              canaryWeight,
              stableWeight,
            ),
          );
          return changed && withSpecLists(owned, { ...changed });
        },
      );
    }
  }

  async verifyWeight(): Promise<boolean | undefined> {
    return undefined;
  }

  async setHeaderRoute(ctx: ArgoTrafficContext, route: SetHeaderRoute) {
    const istio = routerConfigOf(ctx, 'istio');
    const { managedRoutes } = trafficRoutingOf(ctx);
    const canary = await this.canaryDestination(ctx, istio);
    for (const vs of istio.virtualServices) {
      const ref = virtualServiceRef(ctx, vs);
      await changeSharedObject(
        ctx.cluster,
        ref,
        notFoundError(ref, VS_FIELD),
        (live, owned) => {
          const http = live.spec?.http;
          if (!Array.isArray(http)) {
            throw new Error(`${refLabel(ref)}: spec.http not found`);
          }
          let next = withoutRoutes(http, [route.name]);
          if (route.match.length > 0) {
            const port = weightedRoutePort(next, vs.routes);
            next = [...next, headerRoute(route, { ...canary, port })];
          }
          next = orderManagedRoutes(next, managedRoutes);
          return jsonEqual(next, http)
            ? undefined
            : withSpecLists(owned, { http: next });
        },
      );
    }
  }

  async removeManagedRoutes(ctx: ArgoTrafficContext) {
    const istio = routerConfigOf(ctx, 'istio');
    const { managedRoutes } = trafficRoutingOf(ctx);
    if (managedRoutes.length === 0) return;
    for (const vs of istio.virtualServices) {
      const ref = virtualServiceRef(ctx, vs);
      await changeSharedObject(
        ctx.cluster,
        ref,
        notFoundError(ref, VS_FIELD),
        (live, owned) => {
          const http = live.spec?.http;
          // Only HTTP routes take header routes.
          if (!Array.isArray(http)) return undefined;
          const next = withoutRoutes(http, managedRoutes);
          return next.length === http.length
            ? undefined
            : withSpecLists(owned, { http: next });
        },
      );
    }
  }

  async updateHash(ctx: ArgoTrafficContext) {
    const rule = routerConfigOf(ctx, 'istio').destinationRule;
    if (!rule) return;
    if (holdSubsetSwitch(ctx, ctx.replicaSets, ctx)) return;
    const ref = destinationRuleRef(ctx, rule.name);
    await changeSharedObject(
      ctx.cluster,
      ref,
      notFoundError(ref, DR_FIELD),
      (live, owned) => {
        const subsets: Json[] = Array.isArray(live.spec?.subsets)
          ? live.spec.subsets
          : [];
        const next = hashedSubsets(
          subsets,
          rule,
          ctx.canaryHash,
          ctx.stableHash,
        );
        const body = withSpecLists(
          owned,
          jsonEqual(next, subsets) ? {} : { subsets: next },
        );
        return {
          ...body,
          metadata: {
            ...body.metadata,
            annotations: {
              ...body.metadata.annotations,
              [MANAGED_BY_ROLLOUTS_ANNOTATION]: ctx.rolloutName,
            },
          },
        };
      },
    );
  }

  /** Where header routes send requests: the DestinationRule's host and canary subset, else the canary Service. */
  private async canaryDestination(
    ctx: ArgoTrafficContext,
    istio: IstioTrafficRouting,
  ): Promise<{ host: string; subset?: string }> {
    const rule = istio.destinationRule;
    if (!rule) return { host: ctx.canaryService };
    const ref = destinationRuleRef(ctx, rule.name);
    const live: Json = await ctx.cluster.get(ref);
    if (!live) throw notFoundError(ref, DR_FIELD)();
    return {
      host: live.spec?.host || ctx.canaryService,
      subset: rule.canarySubsetName,
    };
  }
}
