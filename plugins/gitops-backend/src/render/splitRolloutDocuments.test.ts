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

  it('also keeps the MetricTemplates and AlertProviders the rollout engine reads', () => {
    const template = obj('flagger.app/v1beta1', 'MetricTemplate', 'errors');
    const provider = obj('flagger.app/v1beta1', 'AlertProvider', 'slack');
    const config = obj('v1', 'ConfigMap', 'web');
    expect(splitRolloutDocuments([template, config, provider])).toEqual({
      manifests: [config],
      rollouts: [template, provider],
    });
  });
});
