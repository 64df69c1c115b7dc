import type { ArgoRolloutSpec } from '../spec';

/** A team's routing object whose weights an Argo canary's routers set. */
export interface RoutedObject {
  kind: 'VirtualService' | 'DestinationRule' | 'ApisixRoute' | 'HTTPRoute';
  namespace: string;
  name: string;
}

/**
 * The objects in Git whose weights (or, for a DestinationRule, subset
 * labels) the rollout's routers own from the first update on. The sync
 * engine applies the rest of them and keeps those fields as they are live,
 * so the two never undo each other's writes. The NGINX canary Ingress and
 * the SMI TrafficSplit are the routers' own, not the team's.
 */
export function argoRoutedObjects(
  spec: ArgoRolloutSpec,
  namespace: string,
): RoutedObject[] {
  const { strategy } = spec;
  if (strategy.kind !== 'canary' || !strategy.trafficRouting) return [];
  const routing = strategy.trafficRouting;
  const objects: RoutedObject[] = [];
  for (const vs of routing.istio?.virtualServices ?? []) {
    objects.push({
      kind: 'VirtualService',
      namespace: vs.namespace ?? namespace,
      name: vs.name,
    });
  }
  if (routing.istio?.destinationRule) {
    objects.push({
      kind: 'DestinationRule',
      namespace,
      name: routing.istio.destinationRule.name,
    });
  }
  if (routing.apisix)
    objects.push({
      kind: 'ApisixRoute',
      namespace,
      name: routing.apisix.route.name,
    });
  for (const route of routing.gatewayAPI?.httpRoutes ?? []) {
    objects.push({
      kind: 'HTTPRoute',
      namespace: routing.gatewayAPI?.namespace ?? namespace,
      name: route.name,
    });
  }
  return objects;
}
