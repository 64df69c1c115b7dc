import type {
  AnalysisTemplateRef,
  ArgoRolloutSpec,
  RolloutAnalysis,
  SetCanaryScale,
  SetHeaderRoute,
} from './types';

/**
 * One thing a canary step does. A step may do more than one
 * (`setCanaryScale` and `setHeaderRoute` join the others); they come out
 * in the order the engine applies them, scale and routes before the
 * weight, pause or analysis that the step then waits on.
 */
export type ArgoStepAction = { stepIndex: number } & (
  | { kind: 'setCanaryScale'; scale: SetCanaryScale }
  | { kind: 'setHeaderRoute'; route: SetHeaderRoute }
  | { kind: 'setWeight'; weight: number }
  /** No duration: wait for a manual promotion. */
  | { kind: 'pause'; durationSeconds?: number }
  | { kind: 'analysis'; analysis: RolloutAnalysis }
);

/**
 * The actions of a canary's steps, flattened, each with the index of its
 * step (Argo's `status.currentStepIndex` counts steps, not actions). Empty
 * for a blue-green rollout, and for a canary without steps, which Argo
 * promotes at once, as it does after the last step.
 */
export function argoEffectiveSteps(spec: ArgoRolloutSpec): ArgoStepAction[] {
  if (spec.strategy.kind !== 'canary') return [];
  const actions: ArgoStepAction[] = [];
  spec.strategy.steps.forEach((step, stepIndex) => {
    if (step.setCanaryScale)
      actions.push({
        stepIndex,
        kind: 'setCanaryScale',
        scale: step.setCanaryScale,
      });
    if (step.setHeaderRoute)
      actions.push({
        stepIndex,
        kind: 'setHeaderRoute',
        route: step.setHeaderRoute,
      });
    if (step.setWeight !== undefined)
      actions.push({ stepIndex, kind: 'setWeight', weight: step.setWeight });
    if (step.pause)
      actions.push({
        stepIndex,
        kind: 'pause',
        durationSeconds: step.pause.durationSeconds,
      });
    if (step.analysis)
      actions.push({ stepIndex, kind: 'analysis', analysis: step.analysis });
  });
  return actions;
}

export type ArgoServiceRole = 'canary' | 'stable' | 'active' | 'preview';

/**
 * The Services whose selectors the engine points at a ReplicaSet (Argo adds
 * `rollouts-pod-template-hash`), with the role of each. The SMI root
 * service and the services inside routes are only referenced, not managed.
 */
export function argoManagedServices(
  spec: ArgoRolloutSpec,
): { role: ArgoServiceRole; name: string }[] {
  const services: { role: ArgoServiceRole; name: string }[] = [];
  const add = (role: ArgoServiceRole, name: string | undefined) => {
    if (name) services.push({ role, name });
  };
  if (spec.strategy.kind === 'canary') {
    add('stable', spec.strategy.stableService);
    add('canary', spec.strategy.canaryService);
  } else {
    add('active', spec.strategy.activeService);
    add('preview', spec.strategy.previewService);
  }
  return services;
}

/** Where an analysis runs. */
export type ArgoAnalysisUse =
  | { kind: 'background'; startingStep: number }
  | { kind: 'step'; stepIndex: number }
  | { kind: 'prePromotion' }
  | { kind: 'postPromotion' };

export interface ArgoAnalysisTemplateUse extends AnalysisTemplateRef {
  /** `ClusterAnalysisTemplate` when `clusterScope`, else `AnalysisTemplate` in the rollout's namespace. */
  templateKind: 'AnalysisTemplate' | 'ClusterAnalysisTemplate';
  use: ArgoAnalysisUse;
}

/** Every template reference, in document order, with where it is used. */
export function argoAnalysisTemplateUses(
  spec: ArgoRolloutSpec,
): ArgoAnalysisTemplateUse[] {
  const uses: ArgoAnalysisTemplateUse[] = [];
  const add = (analysis: RolloutAnalysis | undefined, use: ArgoAnalysisUse) => {
    for (const ref of analysis?.templates ?? []) {
      uses.push({
        ...ref,
        templateKind: ref.clusterScope
          ? 'ClusterAnalysisTemplate'
          : 'AnalysisTemplate',
        use,
      });
    }
  };
  const strategy = spec.strategy;
  if (strategy.kind === 'canary') {
    if (strategy.analysis) {
      add(strategy.analysis, {
        kind: 'background',
        startingStep: strategy.analysis.startingStep,
      });
    }
    strategy.steps.forEach((step, stepIndex) =>
      add(step.analysis, { kind: 'step', stepIndex }),
    );
  } else {
    add(strategy.prePromotionAnalysis, { kind: 'prePromotion' });
    add(strategy.postPromotionAnalysis, { kind: 'postPromotion' });
  }
  return uses;
}

/** The templates to load, each name once: namespaced ones from the rollout's namespace, cluster-scoped ones. */
export function argoAnalysisTemplateNames(spec: ArgoRolloutSpec): {
  namespaced: string[];
  clusterScoped: string[];
} {
  const namespaced = new Set<string>();
  const clusterScoped = new Set<string>();
  for (const use of argoAnalysisTemplateUses(spec)) {
    (use.clusterScope ? clusterScoped : namespaced).add(use.templateName);
  }
  return { namespaced: [...namespaced], clusterScoped: [...clusterScoped] };
}

export type ArgoTrafficRouter =
  | 'nginx'
  | 'istio'
  | 'apisix'
  | 'smi'
  | 'gatewayAPI'
  | `plugin:${string}`;

/** The traffic routers a canary uses (Argo allows several at once); empty for a basic canary or blue-green. */
export function argoTrafficRouters(spec: ArgoRolloutSpec): ArgoTrafficRouter[] {
  if (spec.strategy.kind !== 'canary' || !spec.strategy.trafficRouting)
    return [];
  const routing = spec.strategy.trafficRouting;
  const routers: ArgoTrafficRouter[] = [];
  if (routing.nginx) routers.push('nginx');
  if (routing.istio) routers.push('istio');
  if (routing.apisix) routers.push('apisix');
  if (routing.smi) routers.push('smi');
  if (routing.gatewayAPI) routers.push('gatewayAPI');
  for (const name of Object.keys(routing.otherPlugins)) {
    routers.push(`plugin:${name}`);
  }
  return routers;
}
