import {
  applyArgoTraffic,
  createArgoTrafficRouters,
  type ArgoTrafficRouterOptions,
} from '../../argo/traffic';
import type { ActiveArgoRollout, ArgoTrafficPort } from './types';

/**
 * The traffic routers of an Argo canary, driven together as Argo's
 * reconciler drives them. No owner reference goes on what they create:
 * the Rollout lives in Git, not in the cluster.
 */
export function createArgoTraffic(
  options: ArgoTrafficRouterOptions = {},
): ArgoTrafficPort {
  return {
    async apply(rollout: ActiveArgoRollout, actions, hashes) {
      const routers = createArgoTrafficRouters(rollout.spec, options);
      if (!routers.length) return {};
      const { strategy } = rollout.spec;
      const canary = strategy.kind === 'canary' ? strategy : undefined;
      return applyArgoTraffic(
        routers,
        {
          cluster: rollout.cluster,
          namespace: rollout.namespace,
          rolloutName: rollout.rollout,
          spec: rollout.spec,
          stableService: canary?.stableService ?? '',
          canaryService: canary?.canaryService ?? '',
          ...hashes,
        },
        actions,
      );
    },
  };
}
