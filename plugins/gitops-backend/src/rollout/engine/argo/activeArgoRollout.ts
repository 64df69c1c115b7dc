import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import type { AppSpec } from '../../../catalog/AppSpec';
import type { ArgoRolloutSpec } from '../../argo/spec/types';
import { parseArgoTemplates } from '../../argo/validateArgoRollout';
import type { ActiveArgoRollout } from './types';

/** The Argo Rollout named `name` of an app, as the engine runs it. */
export function activeArgoRollout(
  app: AppSpec,
  name: string,
  spec: ArgoRolloutSpec,
  documents: unknown[],
  cluster: RolloutCluster,
): ActiveArgoRollout {
  return {
    kind: 'argo',
    appKey: app.key,
    rollout: name,
    project: app.project,
    cluster,
    namespace: spec.source.namespace ?? app.namespace,
    spec,
    templates: parseArgoTemplates(documents).lookup,
    documents,
  };
}
