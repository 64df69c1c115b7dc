import type { KubernetesObject } from '@internal/plugin-gitops-node';
import { splitRolloutDocuments } from './splitRolloutDocuments';

const obj = (
  apiVersion: string,
  kind: string,
  name: string,
): KubernetesObject => ({
  apiVersion,
  kind,
  metadata: { name },
});

describe('splitRolloutDocuments', () => {
  it('keeps Flagger Canaries and Slipway Rollouts out of the objects to apply', () => {
    const deployment = obj('apps/v1', 'Deployment', 'web');
    const canary = obj('flagger.app/v1beta1', 'Canary', 'web');
    const rollout = obj('slipway.dev/v1alpha1', 'Rollout', 'api');
    const argoRollout = obj('argoproj.io/v1alpha1', 'Rollout', 'other');
    const service = obj('v1', 'Service', 'web');
    expect(
      splitRolloutDocuments([
        deployment,
        canary,
        service,
        rollout,
        argoRollout,
      ]),
    ).toEqual({
      manifests: [deployment, service, argoRollout],
      rollouts: [canary, rollout],
    });
  });
});
