import type { TrafficRouter } from '@slipway/plugin-gitops-node';
import { ApisixRouter } from './ApisixRouter';
import { GatewayApiRouter } from './GatewayApiRouter';
import { IstioRouter } from './IstioRouter';
import { KubernetesRouter } from './KubernetesRouter';
import { NginxRouter } from './NginxRouter';

export {
  ApisixRouter,
  GatewayApiRouter,
  IstioRouter,
  KubernetesRouter,
  NginxRouter,
};

/** The routers Slipway ships (docs/rollout-engine.md#routers); modules add more through the extension point. */
export function builtinTrafficRouters(): TrafficRouter[] {
  return [
    new KubernetesRouter(),
    new IstioRouter(),
    new NginxRouter(),
    new ApisixRouter(),
    new GatewayApiRouter(),
  ];
}

/**
 * The router for a Canary's `spec.provider`: an exact match first, then the
 * provider's family (`gatewayapi:v1beta1` → `gatewayapi`); undefined when
 * none serves it, which the engine reports.
 */
export function selectTrafficRouter(
  routers: TrafficRouter[],
  provider: string,
): TrafficRouter | undefined {
  const family = provider.split(':')[0];
  return (
    routers.find(router => router.provider === provider) ??
    routers.find(router => router.provider === family)
  );
}
