import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import type { AppSpec } from '../../catalog/AppSpec';
import type { RolloutSpec } from '../spec';
import type { ActiveRollout } from './ports';

/** What a rollout is built from: a change rebuilds it and re-applies its objects. */
export function rolloutFingerprint(
  app: AppSpec,
  spec: unknown,
  documents: unknown[],
): string {
  // A changed project (destinations, ServiceAccount, outboundHosts) counts too.
  return JSON.stringify([app.cluster, app.project, spec, documents]);
}

/** The rollout named `name` of an app, as the engine runs it. */
export function activeRollout(
  app: AppSpec,
  name: string,
  spec: RolloutSpec,
  documents: unknown[],
  cluster: RolloutCluster,
): ActiveRollout {
  return {
    appKey: app.key,
    rollout: name,
    project: app.project,
    target: {
      cluster,
      namespace:
        spec.targetRef.namespace ?? spec.source.namespace ?? app.namespace,
      spec,
    },
    documents,
  };
}
