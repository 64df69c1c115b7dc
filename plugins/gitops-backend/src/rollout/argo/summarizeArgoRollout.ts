import type { RolloutSummary } from '@slipway/plugin-gitops-common';
import {
  argoEffectiveSteps,
  argoTrafficRouters,
  type ArgoRolloutSpec,
} from './spec';

/** An Argo canary step in a few words, as the Canary tab lists the plan. */
function describeSteps(spec: ArgoRolloutSpec): string[] {
  return argoEffectiveSteps(spec).map(step => {
    switch (step.kind) {
      case 'setWeight':
        return `setWeight ${step.weight}`;
      case 'pause':
        return step.durationSeconds === undefined
          ? 'pause'
          : `pause ${step.durationSeconds}s`;
      case 'analysis':
        return `analysis ${step.analysis.templates
          .map(t => t.templateName)
          .join(', ')}`;
      case 'setCanaryScale':
        return `setCanaryScale ${JSON.stringify(step.scale)}`;
      default:
        return `setHeaderRoute ${step.route.name}`;
    }
  });
}

/** The plan of an Argo Rollout as the entity page shows it. */
export function summarizeArgoRollout(
  name: string,
  spec: ArgoRolloutSpec,
  errors: string[],
  warnings: string[],
): RolloutSummary {
  const routers = argoTrafficRouters(spec);
  return {
    name,
    kind: 'Rollout',
    strategy: spec.strategy.kind,
    // Without a router, a canary's weight is its share of the pods.
    provider:
      spec.strategy.kind === 'canary'
        ? routers.join(', ') || 'replicas'
        : 'services',
    targetRef: {
      kind: spec.workloadRef ? 'Deployment' : 'Rollout',
      name: spec.workloadRef?.name ?? name,
      namespace: spec.source.namespace,
    },
    steps: describeSteps(spec),
    errors,
    warnings,
  };
}
