/**
 * Argo Rollouts' `trafficRouting` on a cluster: the routers that move a
 * canary's traffic through NGINX, Istio, APISIX, SMI and the Gateway API
 * plugin as Argo Rollouts v1.8.3 does, writing only the fields they set
 * (docs/rollout-engine.md, "Argo Rollouts objects").
 */
export { createArgoTrafficRouters } from './createRouters';
export type { ArgoTrafficRouterOptions } from './createRouters';
export { applyArgoTraffic } from './applyTraffic';
export type { ArgoTrafficActions } from './applyTraffic';
export { ArgoNginxRouter } from './nginxRouter';
export { ArgoIstioRouter } from './istioRouter';
export { ArgoApisixRouter } from './apisixRouter';
export { ArgoSmiRouter } from './smiRouter';
export { ArgoGatewayApiRouter } from './gatewayApiRouter';
export { canaryIngressName } from './nginxCanaryIngress';
export { DEFAULT_SMI_API_VERSION } from './smiTrafficSplit';
export type { SmiApiVersion } from './smiTrafficSplit';
export type {
  ArgoTrafficContext,
  ArgoTrafficReplicaSet,
  ArgoTrafficRouter,
} from './types';
