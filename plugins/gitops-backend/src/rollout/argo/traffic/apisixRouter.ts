import type {
  KubernetesObject,
  KubernetesObjectRef,
} from '@slipway/plugin-gitops-node';
import { TRACKING_ANNOTATION } from '../../../kube/ownership';
import { cloneJson, jsonEqual } from '../../../kube/values';
import type { Json } from '../../routers/routerBasics';
import type { SetHeaderRoute } from '../spec';
import { headerRouteRules, httpRulesOf, weightRules } from './apisixRules';
import { isControlledByRollout, ownerReferencesOf } from './controlledBy';
import { about, notFoundError } from './objectRefs';
import { routerConfigOf, trafficRoutingOf } from './routingConfig';
import { changeSharedObject, withSpecLists } from './sharedObject';
import type { ArgoTrafficContext, ArgoTrafficRouter } from './types';
import { stableWeightFor } from './weights';

/** Argo's default APISIX API (`defaults.DefaultApisixVersion`). */
const API_VERSION = 'apisix.apache.org/v2';
const FIELD = 'spec.strategy.canary.trafficRouting.apisix.route';

const routeRef = (
  ctx: ArgoTrafficContext,
  name: string,
): KubernetesObjectRef => ({
  apiVersion: API_VERSION,
  kind: 'ApisixRoute',
  namespace: ctx.namespace,
  name,
});

/** `route.rules`, or the rule named as the route when none are listed (Argo's default). */
function ruleNamesOf(ctx: ArgoTrafficContext): string[] {
  const { route } = routerConfigOf(ctx, 'apisix');
  return route.rules.length > 0 ? route.rules : [route.name];
}

/** The stable route's annotations, less those that describe the stable route itself. */
function copiedAnnotations(route: Json): Record<string, string> | undefined {
  const annotations: Record<string, string> | undefined =
    route.metadata?.annotations;
  if (!annotations) return undefined;
  return Object.fromEntries(
    Object.entries(annotations).filter(
      ([key]) =>
        key !== TRACKING_ANNOTATION &&
        key !== 'kubectl.kubernetes.io/last-applied-configuration',
    ),
  );
}

/**
 * `trafficRouting.apisix`: the canary's and the stable's backend weights
 * in the named rules of the team's ApisixRoute, changed in place. A
 * `setHeaderRoute` step gets an ApisixRoute of its own, named after the
 * managed route: a copy of the stable route whose named rules send the
 * step's headers to the canary one priority higher; removing managed
 * routes deletes those copies.
 */
export class ArgoApisixRouter implements ArgoTrafficRouter {
  readonly kind = 'apisix';

  async setWeight(ctx: ArgoTrafficContext, canaryWeight: number) {
    const stableWeight = stableWeightFor(ctx, canaryWeight);
    const ref = routeRef(ctx, routerConfigOf(ctx, 'apisix').route.name);
    const ruleNames = ruleNamesOf(ctx);
    await changeSharedObject(
      ctx.cluster,
      ref,
      notFoundError(ref, FIELD),
      (live, owned) => {
        const http = about(ref, () => {
          const rules = cloneJson(httpRulesOf(live));
          weightRules(rules, {
            ruleNames,
            canaryService: ctx.canaryService,
            stableService: ctx.stableService,
            canaryWeight,
            stableWeight,
          });
          return rules;
        });
        return jsonEqual(http, live.spec.http)
          ? undefined
          : withSpecLists(owned, { http });
      },
    );
  }

  async verifyWeight(): Promise<boolean | undefined> {
    return undefined;
  }

  async setHeaderRoute(ctx: ArgoTrafficContext, route: SetHeaderRoute) {
    const stableRef = routeRef(ctx, routerConfigOf(ctx, 'apisix').route.name);
    const stable: Json = await ctx.cluster.get(stableRef);
    if (!stable) throw notFoundError(stableRef, FIELD)();
    const ref = routeRef(ctx, route.name);
    const existing = await ctx.cluster.get(ref);
    if (existing && !isControlledByRollout(existing, ctx)) {
      throw new Error(
        `duplicate ApisixRoute [${route.name}] already exists in ${ctx.namespace}`,
      );
    }
    if (route.match.length === 0) {
      if (existing) await ctx.cluster.delete(ref);
      return;
    }
    await ctx.cluster.apply(this.headerRouteCopy(ctx, stable, route));
  }

  async removeManagedRoutes(ctx: ArgoTrafficContext) {
    for (const name of trafficRoutingOf(ctx).managedRoutes) {
      const ref = routeRef(ctx, name);
      const live = await ctx.cluster.get(ref);
      if (live && isControlledByRollout(live, ctx)) {
        await ctx.cluster.delete(ref);
      }
    }
  }

  async updateHash(): Promise<void> {}

  private headerRouteCopy(
    ctx: ArgoTrafficContext,
    stable: Json,
    route: SetHeaderRoute,
  ): KubernetesObject {
    const stableRef = routeRef(ctx, stable.metadata.name);
    const http = about(stableRef, () => {
      const rules = cloneJson(httpRulesOf(stable));
      headerRouteRules(rules, route, {
        ruleNames: ruleNamesOf(ctx),
        canaryService: ctx.canaryService,
        stableService: ctx.stableService,
      });
      return rules;
    });
    const labels = stable.metadata?.labels;
    const annotations = copiedAnnotations(stable);
    return {
      apiVersion: API_VERSION,
      kind: 'ApisixRoute',
      metadata: {
        name: route.name,
        namespace: ctx.namespace,
        ...(labels ? { labels: cloneJson(labels) } : {}),
        ...(annotations ? { annotations } : {}),
        ...ownerReferencesOf(ctx),
      },
      spec: { ...cloneJson(stable.spec), http },
    };
  }
}
