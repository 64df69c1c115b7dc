import type { ArgoRolloutSpec } from '../spec';
import { ArgoApisixRouter } from './apisixRouter';
import { ArgoGatewayApiRouter } from './gatewayApiRouter';
import { ArgoIstioRouter } from './istioRouter';
import { ArgoNginxRouter } from './nginxRouter';
import { ArgoSmiRouter } from './smiRouter';
import type { SmiApiVersion } from './smiTrafficSplit';
import type { ArgoTrafficRouter } from './types';

export interface ArgoTrafficRouterOptions {
  /** The TrafficSplit version to write (Argo's `--smi-api-version`); default `v1alpha1`, as Argo's. */
  smiApiVersion?: SmiApiVersion;
}

/**
 * One router per router the canary configures, in the order Argo runs
 * them (Istio, NGINX, SMI, APISIX, then the Gateway API plugin); empty for
 * a blue-green or a canary without `trafficRouting`. Other traffic router
 * plugins (`trafficRouting.otherPlugins`) have no router here: the caller
 * that accepted them runs them.
 */
export function createArgoTrafficRouters(
  spec: ArgoRolloutSpec,
  options: ArgoTrafficRouterOptions = {},
): ArgoTrafficRouter[] {
  const { strategy } = spec;
  if (strategy.kind !== 'canary' || !strategy.trafficRouting) return [];
  const routing = strategy.trafficRouting;
  const routers: ArgoTrafficRouter[] = [];
  if (routing.istio) routers.push(new ArgoIstioRouter());
  if (routing.nginx) routers.push(new ArgoNginxRouter());
  if (routing.smi) routers.push(new ArgoSmiRouter(options.smiApiVersion));
  if (routing.apisix) routers.push(new ArgoApisixRouter());
  if (routing.gatewayAPI) routers.push(new ArgoGatewayApiRouter());
  return routers;
}
