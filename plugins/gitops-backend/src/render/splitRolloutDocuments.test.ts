import type { KubernetesObject } from '@slipway/plugin-gitops-node';
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
  it('keeps Flagger Canaries, Slipway Rollouts and Argo Rollouts out of the objects to apply', () => {
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
      manifests: [deployment, service],
      rollouts: [canary, rollout, argoRollout],
    });
  });

  it('also keeps the MetricTemplates, AlertProviders and AnalysisTemplates the rollout engine reads', () => {
    const template = obj('flagger.app/v1beta1', 'MetricTemplate', 'errors');
    const provider = obj('flagger.app/v1beta1', 'AlertProvider', 'slack');
    const analysis = obj('argoproj.io/v1alpha1', 'AnalysisTemplate', 'rate');
    const cluster = obj('argoproj.io/v1alpha1', 'ClusterAnalysisTemplate', 'x');
    const config = obj('v1', 'ConfigMap', 'web');
    // Other Argo kinds are ordinary manifests.
    const workflow = obj('argoproj.io/v1alpha1', 'Workflow', 'build');
    expect(
      splitRolloutDocuments([template, config, provider, analysis, cluster, workflow]),
    ).toEqual({
      manifests: [config, workflow],
      rollouts: [template, provider, analysis, cluster],
    });
  });

  it("applies Argo objects as manifests where the cluster's own Argo Rollouts controller runs them", () => {
    const argoRollout = obj('argoproj.io/v1alpha1', 'Rollout', 'web');
    const analysis = obj('argoproj.io/v1alpha1', 'AnalysisTemplate', 'rate');
    const canary = obj('flagger.app/v1beta1', 'Canary', 'api');
    expect(
      splitRolloutDocuments([argoRollout, analysis, canary], {
        argoController: true,
      }),
    ).toEqual({ manifests: [argoRollout, analysis], rollouts: [canary] });
  });
});
