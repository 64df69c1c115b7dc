import { isBuiltinMetric, webhookTimeoutMs } from './normalize';
import type { AnalysisInput, StepInput } from './schema';
import type { Provider } from './types';

/** Providers whose routers can match headers and cookies, as in Flagger (docs/rollout-engine.md#routers). */
const AB_PROVIDERS: Provider[] = [
  'istio',
  'appmesh',
  'appmesh:v1beta2',
  'nginx',
  'contour',
  'gloo',
  'gatewayapi:v1',
  'gatewayapi:v1beta1',
];
/** Providers whose routers can mirror traffic and set cookies per backend. */
const MIRROR_PROVIDERS: Provider[] = [
  'istio',
  'gatewayapi:v1',
  'gatewayapi:v1beta1',
];

const STEP_ACTIONS = [
  'setWeight',
  'pause',
  'setCanaryScale',
  'analysis',
] as const;

interface CheckedSpec {
  provider: Provider;
  analysis?: AnalysisInput;
  skipAnalysis?: boolean;
  ingressRef?: unknown;
  routeRef?: unknown;
  autoscalerRef?: { kind?: string };
  targetRef: { apiVersion?: string; kind: string };
  service?: { gatewayRefs?: unknown[] };
  steps?: StepInput[];
}

const KNATIVE_SERVING = 'serving.knative.dev/v1';

/**
 * Flagger's Knative check: provider knative exactly when the target is a
 * Knative Service, which Knative scales itself.
 */
function checkKnative(
  spec: CheckedSpec,
  at: (path: string, message: string) => void,
) {
  const { apiVersion, kind } = spec.targetRef;
  if (spec.provider !== 'knative') {
    if (kind === 'Service')
      at('targetRef.kind', 'Service targets need provider knative');
    return;
  }
  if (kind !== 'Service') {
    at(
      'targetRef.kind',
      'must be Service (a Knative Service) for provider knative',
    );
  } else if (apiVersion !== KNATIVE_SERVING) {
    at(
      'targetRef.apiVersion',
      apiVersion === undefined
        ? `required for provider knative: ${KNATIVE_SERVING}`
        : `must be ${KNATIVE_SERVING} for provider knative, got "${apiVersion}"`,
    );
  }
  if (spec.autoscalerRef) {
    at(
      'autoscalerRef',
      'not supported for a Knative Service, Knative scales it',
    );
  }
}

/**
 * Flagger's CRD requires `service`; Slipway lets a Knative Service target
 * go without (Knative routes its revisions). Undefined when the rule holds.
 */
export function missingService(spec: {
  provider: string;
  service?: unknown;
}): string | undefined {
  return spec.service === undefined && spec.provider !== 'knative'
    ? 'spec.service: required (only a Knative Service target may leave it out)'
    : undefined;
}

/** Cross-field rules zod cannot express; every message names its field path. */
export function checkRules(spec: CheckedSpec): string[] {
  const errors: string[] = [];
  const { provider, analysis } = spec;
  const at = (path: string, message: string) =>
    errors.push(`spec.${path}: ${message}`);

  const noService = missingService(spec);
  if (noService) errors.push(noService);
  if (
    provider.startsWith('gatewayapi') &&
    spec.service &&
    !spec.service.gatewayRefs?.length
  ) {
    at('service.gatewayRefs', `required for provider ${provider}`);
  }
  // Flagger's ingress and skipper routers: "ingress selector is empty".
  if ((provider === 'nginx' || provider === 'skipper') && !spec.ingressRef)
    at('ingressRef', `required for provider ${provider}`);
  if (provider === 'apisix' && !spec.routeRef)
    at('routeRef', 'required for provider apisix');
  checkKnative(spec, at);
  const scalerKind = spec.autoscalerRef?.kind;
  if (
    scalerKind &&
    !['HorizontalPodAutoscaler', 'ScaledObject'].includes(scalerKind)
  ) {
    at('autoscalerRef.kind', 'must be HorizontalPodAutoscaler or ScaledObject');
  }

  spec.steps?.forEach((step, i) => {
    const set = STEP_ACTIONS.filter(action => step[action] !== undefined);
    if (set.length !== 1) {
      at(`steps[${i}]`, `must set exactly one of ${STEP_ACTIONS.join(', ')}`);
    }
  });

  if (!analysis) return errors;
  const iterations =
    provider === 'kubernetes'
      ? Math.max(analysis.iterations ?? 0, 1)
      : analysis.iterations ?? 0;
  if (
    !spec.steps &&
    !spec.skipAnalysis &&
    !analysis.stepWeight &&
    !analysis.stepWeights?.length &&
    iterations === 0
  ) {
    // Flagger accepts this and then never advances.
    at(
      'analysis',
      'needs stepWeight, stepWeights or iterations, otherwise the rollout never advances',
    );
  }
  const weights = analysis.stepWeights ?? [];
  if (weights.some((w, i) => i > 0 && w <= weights[i - 1])) {
    at('analysis.stepWeights', 'must be strictly increasing');
  }
  // kubernetes drops `match` with a warning instead (Flagger's behaviour).
  const abTesting =
    analysis.match?.length && iterations > 0 && provider !== 'kubernetes';
  if (abTesting && !AB_PROVIDERS.includes(provider)) {
    at(
      'analysis.match',
      `A/B testing is not supported by provider ${provider}`,
    );
  }
  if (analysis.mirror && !MIRROR_PROVIDERS.includes(provider)) {
    at(
      'analysis.mirror',
      `traffic mirroring is not supported by provider ${provider}`,
    );
  }
  const affinity = analysis.sessionAffinity;
  if (affinity) {
    if (!MIRROR_PROVIDERS.includes(provider)) {
      at('analysis.sessionAffinity', `not supported by provider ${provider}`);
    }
    if (
      affinity.primaryCookieName &&
      affinity.primaryCookieName === affinity.cookieName
    ) {
      at(
        'analysis.sessionAffinity.primaryCookieName',
        'must differ from cookieName',
      );
    }
  }
  analysis.metrics?.forEach((metric, i) => {
    if (!metric.templateRef && !metric.query && !isBuiltinMetric(metric.name)) {
      at(
        `analysis.metrics[${i}]`,
        `needs templateRef unless the name is a builtin (request-success-rate, request-duration), got "${metric.name}"`,
      );
    }
    if (metric.templateRef && metric.query) {
      at(`analysis.metrics[${i}].query`, 'cannot be combined with templateRef');
    }
    const range = metric.thresholdRange;
    if (
      range?.min !== undefined &&
      range.max !== undefined &&
      range.min > range.max
    ) {
      at(
        `analysis.metrics[${i}].thresholdRange`,
        'min must not be greater than max',
      );
    }
  });
  analysis.webhooks?.forEach((hook, i) => {
    if (webhookTimeoutMs(hook.timeout) === undefined) {
      at(
        `analysis.webhooks[${i}].timeout`,
        `invalid duration "${hook.timeout}" (a positive Go duration, e.g. 1m30s or 500ms)`,
      );
    }
  });
  const names = (analysis.metrics ?? []).map(m => m.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i)
      at(`analysis.metrics[${i}].name`, `duplicate metric "${n}"`);
  });
  return errors;
}
