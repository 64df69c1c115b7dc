import type { ZodIssue } from 'zod';
import { issueMessages } from '../../spec/issues';
import { argoDefaults } from './defaults';
import { parseArgoPauseDuration } from './duration';
import { dropUnset, nullsAsUnset } from './nulls';
import { checkArgoRules } from './rules';
import {
  GATEWAY_API_PLUGIN,
  argoRolloutDocumentSchema,
  gatewayApiConfig,
} from './schema';
import type {
  AntiAffinityInput,
  ArgoRolloutDocument,
  BlueGreenInput,
  CanaryInput,
  PodMetadataInput,
  RolloutAnalysisInput,
  StepInput,
} from './schema';
import type {
  AnalysisArg,
  AntiAffinity,
  ArgoRolloutParseResult,
  ArgoRolloutSpec,
  BlueGreenStrategy,
  CanaryStep,
  CanaryStrategy,
  GatewayApiTrafficRouting,
  IntOrPercent,
  IstioVirtualService,
  ParseArgoRolloutOptions,
  PodMetadata,
  PodTemplate,
  RolloutAnalysis,
  SetCanaryScale,
  TrafficRouting,
} from './types';
import { ARGO_API_VERSION } from './isArgoRolloutSpec';


/**
 * Parses an Argo Rollouts `Rollout` as read from git: the CRD's structure
 * (schema.ts), then the controller's checks (rules.ts), then Argo's
 * defaults. Never throws; every problem comes back as `path: message`.
 * Features Slipway does not run are refused, saying so.
 */
export function parseArgoRollout(
  doc: unknown,
  options: ParseArgoRolloutOptions = {},
): ArgoRolloutParseResult {
  const head = (doc ?? {}) as { apiVersion?: unknown; kind?: unknown };
  if (head.apiVersion !== ARGO_API_VERSION || head.kind !== 'Rollout') {
    return {
      errors: [
        `(document): expected ${ARGO_API_VERSION} Rollout, got ${String(
          head.apiVersion,
        )} ${String(head.kind)}`,
      ],
      warnings: [],
    };
  }
  // The API server drops null fields the schema declares before it
  // validates, and refuses the others as unknown; so do we (nulls.ts).
  const parsed = argoRolloutDocumentSchema(
    options.trafficRouterPlugins,
  ).safeParse(nullsAsUnset(doc));
  if (!parsed.success) {
    return { errors: toMessages(parsed.error.issues), warnings: [] };
  }
  const data = dropUnset(parsed.data);
  const { errors, warnings } = checkArgoRules(data.spec);
  if (errors.length > 0) return { errors, warnings };
  return { spec: build(data, warnings), errors: [], warnings };
}

function toMessages(issues: ZodIssue[]): string[] {
  return [...new Set(issues.flatMap(issueMessages))];
}

function metadata(input: PodMetadataInput | undefined): PodMetadata {
  return {
    labels: { ...input?.labels },
    annotations: { ...input?.annotations },
  };
}

const optionalMetadata = (input: PodMetadataInput | undefined) =>
  input ? metadata(input) : undefined;

/** Argo treats an empty service name as none. */
const name = (value: string | undefined) => value || undefined;

function antiAffinity(
  input: AntiAffinityInput | undefined,
): AntiAffinity | undefined {
  if (!input) return undefined;
  const preferred = input.preferredDuringSchedulingIgnoredDuringExecution;
  return preferred
    ? { type: 'preferred', weight: preferred.weight }
    : { type: 'required' };
}

function analysis(input: RolloutAnalysisInput): RolloutAnalysis {
  return {
    templates: input.templates.map(t => ({
      templateName: t.templateName,
      clusterScope: t.clusterScope ?? false,
    })),
    args: (input.args ?? []).map((arg): AnalysisArg => {
      const from = arg.valueFrom;
      if (!from) return { name: arg.name, value: arg.value ?? '' };
      return {
        name: arg.name,
        valueFrom: from.fieldRef
          ? { fieldRef: { fieldPath: from.fieldRef.fieldPath } }
          : { podTemplateHashValue: from.podTemplateHashValue! },
      };
    }),
    dryRun: (input.dryRun ?? []).map(d => ({ metricName: d.metricName })),
    measurementRetention: (input.measurementRetention ?? []).map(m => ({
      metricName: m.metricName,
      limit: m.limit,
    })),
    analysisRunMetadata: metadata(input.analysisRunMetadata),
  };
}

const intOrPercent = (value: number | string | undefined, fallback: string) =>
  (value ?? fallback) as IntOrPercent;

function setCanaryScale(
  input: NonNullable<StepInput['setCanaryScale']>,
): SetCanaryScale {
  // UseSetCanaryScale / GetCanaryReplicasOrWeight: this order.
  if (input.matchTrafficWeight) return { matchTrafficWeight: true };
  if (input.replicas !== undefined) return { replicas: input.replicas };
  if (input.weight !== undefined) return { weight: input.weight };
  return { matchTrafficWeight: true };
}

function step(
  input: StepInput,
  i: number,
  warn: (m: string) => void,
): CanaryStep {
  const out: CanaryStep = {};
  if (input.setWeight !== undefined) out.setWeight = input.setWeight;
  if (input.pause) {
    const raw = input.pause.duration;
    if (raw === undefined) {
      out.pause = {};
    } else {
      const duration = parseArgoPauseDuration(raw)!;
      if (duration.truncated) {
        warn(
          `spec.strategy.canary.steps[${i}].pause.duration: Argo Rollouts counts whole seconds, so ${JSON.stringify(
            raw,
          )} pauses ${duration.seconds}s`,
        );
      }
      out.pause = { durationSeconds: duration.seconds };
    }
  }
  if (input.analysis) out.analysis = analysis(input.analysis);
  if (input.setCanaryScale)
    out.setCanaryScale = setCanaryScale(input.setCanaryScale);
  if (input.setHeaderRoute) {
    out.setHeaderRoute = {
      name: input.setHeaderRoute.name ?? '',
      match: (input.setHeaderRoute.match ?? []).map(m => ({
        headerName: m.headerName,
        headerValue: { ...m.headerValue },
      })),
    };
  }
  return out;
}

function virtualService(
  input: NonNullable<
    NonNullable<
      NonNullable<CanaryInput['trafficRouting']>['istio']
    >['virtualService']
  >,
): IstioVirtualService {
  // GetVirtualServiceNamespaceName: `name.namespace`.
  const [vsName, namespace] = input.name.split('.');
  return {
    name: vsName,
    namespace: namespace || undefined,
    routes: [...(input.routes ?? [])],
    tlsRoutes: (input.tlsRoutes ?? []).map(r => ({
      port: r.port,
      sniHosts: [...(r.sniHosts ?? [])],
    })),
    tcpRoutes: (input.tcpRoutes ?? []).map(r => ({ port: r.port })),
  };
}

function gatewayApi(
  raw: unknown,
  at: string,
  warn: (m: string) => void,
): GatewayApiTrafficRouting {
  const config = gatewayApiConfig.parse(raw);
  const known = new Set(Object.keys(gatewayApiConfig.shape));
  for (const key of Object.keys(config)) {
    if (!known.has(key)) {
      warn(
        `${at}.${key}: unknown field, ignored (the Gateway API plugin ignores it too)`,
      );
    }
  }
  // insertGatewayAPIRouteLists: the single route is appended and takes header routes.
  const httpRoutes = (config.httpRoutes ?? []).map(r => ({
    name: r.name,
    useHeaderRoutes: r.useHeaderRoutes ?? false,
  }));
  if (config.httpRoute) {
    httpRoutes.push({ name: config.httpRoute, useHeaderRoutes: true });
  }
  return {
    httpRoutes,
    namespace: config.namespace || undefined,
    configMap: config.configMap || undefined,
    inProgressLabel: config.disableInProgressLabel
      ? undefined
      : {
          key:
            config.inProgressLabelKey ||
            argoDefaults.gatewayApiInProgressLabel.key,
          value:
            config.inProgressLabelValue ||
            argoDefaults.gatewayApiInProgressLabel.value,
        },
  };
}

function trafficRouting(
  input: NonNullable<CanaryInput['trafficRouting']>,
  canary: CanaryInput,
  rolloutName: string,
  warn: (m: string) => void,
): TrafficRouting {
  const out: TrafficRouting = {
    otherPlugins: {},
    managedRoutes: (input.managedRoutes ?? []).map(r => r.name),
    maxTrafficWeight: input.maxTrafficWeight ?? argoDefaults.maxTrafficWeight,
  };
  const { nginx, istio, apisix, smi } = input;
  if (nginx) {
    out.nginx = {
      stableIngresses: nginx.stableIngress
        ? [nginx.stableIngress]
        : [...(nginx.stableIngresses ?? [])],
      annotationPrefix:
        nginx.annotationPrefix || argoDefaults.nginxAnnotationPrefix,
      additionalIngressAnnotations: { ...nginx.additionalIngressAnnotations },
      canaryIngressAnnotations: { ...nginx.canaryIngressAnnotations },
    };
  }
  if (istio) {
    out.istio = {
      virtualServices: istio.virtualService
        ? [virtualService(istio.virtualService)]
        : (istio.virtualServices ?? []).map(virtualService),
      destinationRule: istio.destinationRule && { ...istio.destinationRule },
    };
  }
  if (apisix?.route) {
    out.apisix = {
      route: {
        name: apisix.route.name,
        rules: [...(apisix.route.rules ?? [])],
      },
    };
  }
  if (smi) {
    // smi.go: the rollout's name and the stable service unless given.
    out.smi = {
      rootService: smi.rootService || canary.stableService || '',
      trafficSplitName: smi.trafficSplitName || rolloutName,
    };
  }
  for (const [plugin, config] of Object.entries(input.plugins ?? {})) {
    if (plugin === GATEWAY_API_PLUGIN) {
      out.gatewayAPI = gatewayApi(
        config,
        `spec.strategy.canary.trafficRouting.plugins.${plugin}`,
        warn,
      );
    } else {
      out.otherPlugins[plugin] = config;
    }
  }
  return out;
}

function canaryStrategy(
  input: CanaryInput,
  rolloutName: string,
  warn: (m: string) => void,
): CanaryStrategy {
  const routed = input.trafficRouting !== undefined;
  const background = input.analysis;
  return {
    kind: 'canary',
    canaryService: name(input.canaryService),
    stableService: name(input.stableService),
    steps: (input.steps ?? []).map((s, i) => step(s, i, warn)),
    analysis: background && {
      ...analysis(background),
      startingStep: background.startingStep ?? 0,
    },
    maxSurge: intOrPercent(input.maxSurge, argoDefaults.maxSurge),
    maxUnavailable: intOrPercent(
      input.maxUnavailable,
      argoDefaults.maxUnavailable,
    ),
    trafficRouting:
      input.trafficRouting &&
      trafficRouting(input.trafficRouting, input, rolloutName, warn),
    canaryMetadata: optionalMetadata(input.canaryMetadata),
    stableMetadata: optionalMetadata(input.stableMetadata),
    // GetScaleDownDelaySecondsOrDefault: no delay for a basic canary.
    scaleDownDelaySeconds: routed
      ? input.scaleDownDelaySeconds ?? argoDefaults.scaleDownDelaySeconds
      : 0,
    scaleDownDelayRevisionLimit: input.scaleDownDelayRevisionLimit,
    abortScaleDownDelaySeconds:
      input.abortScaleDownDelaySeconds ??
      argoDefaults.abortScaleDownDelaySeconds,
    dynamicStableScale: input.dynamicStableScale ?? false,
    minPodsPerReplicaSet:
      input.minPodsPerReplicaSet ?? argoDefaults.minPodsPerReplicaSet,
    antiAffinity: antiAffinity(input.antiAffinity),
  };
}

function blueGreenStrategy(input: BlueGreenInput): BlueGreenStrategy {
  return {
    kind: 'blueGreen',
    activeService: input.activeService,
    previewService: name(input.previewService),
    previewReplicaCount: input.previewReplicaCount,
    autoPromotionEnabled:
      input.autoPromotionEnabled ?? argoDefaults.autoPromotionEnabled,
    autoPromotionSeconds: input.autoPromotionSeconds ?? 0,
    maxUnavailable: intOrPercent(
      input.maxUnavailable,
      argoDefaults.maxUnavailable,
    ),
    prePromotionAnalysis:
      input.prePromotionAnalysis && analysis(input.prePromotionAnalysis),
    postPromotionAnalysis:
      input.postPromotionAnalysis && analysis(input.postPromotionAnalysis),
    previewMetadata: optionalMetadata(input.previewMetadata),
    activeMetadata: optionalMetadata(input.activeMetadata),
    scaleDownDelaySeconds:
      input.scaleDownDelaySeconds ?? argoDefaults.scaleDownDelaySeconds,
    scaleDownDelayRevisionLimit: input.scaleDownDelayRevisionLimit,
    abortScaleDownDelaySeconds:
      input.abortScaleDownDelaySeconds ??
      argoDefaults.abortScaleDownDelaySeconds,
    antiAffinity: antiAffinity(input.antiAffinity),
  };
}

function build(doc: ArgoRolloutDocument, warnings: string[]): ArgoRolloutSpec {
  const warn = (message: string) => warnings.push(message);
  const spec = doc.spec;
  const { canary, blueGreen } = spec.strategy!;
  const selector = spec.selector && {
    matchLabels: { ...spec.selector.matchLabels },
    matchExpressions: (spec.selector.matchExpressions ?? []).map(e => ({
      key: e.key,
      operator: e.operator,
      values: [...(e.values ?? [])],
    })),
  };
  const template: PodTemplate | undefined =
    spec.workloadRef || !spec.template
      ? undefined
      : {
          metadata: metadata(spec.template.metadata),
          spec: spec.template.spec as PodTemplate['spec'],
        };
  return {
    source: {
      apiVersion: ARGO_API_VERSION,
      kind: 'Rollout',
      name: doc.metadata.name,
      namespace: doc.metadata.namespace,
    },
    replicas: spec.replicas ?? argoDefaults.replicas,
    selector,
    template,
    workloadRef: spec.workloadRef && {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: spec.workloadRef.name!,
      scaleDown: spec.workloadRef.scaleDown || 'never',
    },
    minReadySeconds: spec.minReadySeconds ?? 0,
    revisionHistoryLimit:
      spec.revisionHistoryLimit ?? argoDefaults.revisionHistoryLimit,
    progressDeadlineSeconds:
      spec.progressDeadlineSeconds ?? argoDefaults.progressDeadlineSeconds,
    progressDeadlineAbort: spec.progressDeadlineAbort ?? false,
    paused: spec.paused ?? false,
    restartAt: spec.restartAt,
    rollbackWindow: spec.rollbackWindow && {
      revisions: spec.rollbackWindow.revisions ?? 0,
    },
    analysis: {
      successfulRunHistoryLimit:
        spec.analysis?.successfulRunHistoryLimit ??
        argoDefaults.successfulRunHistoryLimit,
      unsuccessfulRunHistoryLimit:
        spec.analysis?.unsuccessfulRunHistoryLimit ??
        argoDefaults.unsuccessfulRunHistoryLimit,
    },
    strategy: canary
      ? canaryStrategy(canary, doc.metadata.name, warn)
      : blueGreenStrategy(blueGreen!),
  };
}
