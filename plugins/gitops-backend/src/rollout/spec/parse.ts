import type { ZodIssue } from 'zod';
import { DEFAULTS } from './defaults';
import { issueMessages } from './issues';
import { pruneNulls } from './pruneNulls';
import {
  normalizeAnalysis,
  normalizeMatches,
  normalizeMetadata,
  normalizeStep,
} from './normalize';
import { checkCanaryCrd } from './canaryCrd';
import { checkRules, missingService } from './rules';
import { canaryDocumentSchema, rolloutDocumentSchema } from './schema';
import type { CanaryDocument, RolloutDocument } from './schema';
import type {
  AnalysisSpec,
  ParseResult,
  Provider,
  RolloutSpec,
  Strategy,
} from './types';

export interface ParseOptions {
  /** Flagger's `-mesh-provider`; default `istio`. */
  defaultProvider?: Provider;
  /** Per cluster, by name: replaces `defaultProvider` for apps deployed there (see validateRollouts). */
  clusterProviders?: Record<string, Provider>;
  /** Clusters whose own Argo Rollouts controller runs Argo `Rollout`s: Slipway applies them there as manifests. */
  argoControllerClusters?: string[];
  /** Flagger's `-metrics-server`; default `http://prometheus:9090`. */
  defaultMetricsServer?: string;
  /** Shortest analysis interval; default 10 s (`slipway.rollouts.minIntervalSeconds`). */
  minIntervalMs?: number;
}

const KINDS: Record<string, string> = {
  'flagger.app/v1beta1': 'Canary',
  'slipway.dev/v1alpha1': 'Rollout',
};

/** The message for a document that is no Canary or Rollout, naming the field at fault. */
function wrongType(apiVersion: unknown, kind: unknown): string {
  const version = Object.keys(KINDS).find(v => KINDS[v] === kind);
  // A kind we read in a version we do not: Flagger's CRD serves only v1beta1.
  if (version) {
    return `apiVersion: must be ${version} for a ${String(kind)}, got ${String(
      apiVersion,
    )}`;
  }
  return `kind: expected flagger.app/v1beta1 Canary or slipway.dev/v1alpha1 Rollout, got ${String(
    apiVersion,
  )} ${String(kind)}`;
}

/** The field a `path: message` names. */
const pathOf = (message: string) => message.slice(0, message.indexOf(':'));

/**
 * Parses a Flagger `Canary` or Slipway `Rollout` document as read from git
 * into a RolloutSpec with defaults applied. Never throws: every problem is
 * returned as `path: message`.
 */
export function parseRolloutDocument(
  doc: unknown,
  options: ParseOptions = {},
): ParseResult {
  const head = (doc ?? {}) as { apiVersion?: unknown; kind?: unknown };
  const kind =
    typeof head.apiVersion === 'string' ? KINDS[head.apiVersion] : undefined;
  if (!kind || head.kind !== kind) {
    return { errors: [wrongType(head.apiVersion, head.kind)], warnings: [] };
  }
  const pruned = pruneNulls(doc);
  const parsed =
    kind === 'Canary'
      ? canaryDocumentSchema.safeParse(pruned)
      : rolloutDocumentSchema.safeParse(pruned);
  const crd = kind === 'Canary' ? checkCanaryCrd(pruned) : [];
  if (!parsed.success) {
    const schema = toMessages(parsed.error.issues);
    // A field the schema already refused is not named twice.
    const named = new Set(schema.map(pathOf));
    return {
      errors: [
        ...schema,
        ...crd.filter(m => !named.has(pathOf(m))),
        ...requiredAcrossFields(pruned, options),
      ],
      warnings: [],
    };
  }
  const built = build(parsed.data, options);
  const named = new Set(built.errors.map(pathOf));
  const more = crd.filter(m => !named.has(pathOf(m)));
  return more.length
    ? { errors: [...more, ...built.errors], warnings: built.warnings }
    : built;
}

/**
 * A requirement that depends on another field and so waits for the schema
 * to pass, named beside the schema's errors anyway: the API server names
 * every missing field at once, `spec.service` included.
 */
function requiredAcrossFields(doc: unknown, options: ParseOptions): string[] {
  const spec = (doc as { spec?: unknown }).spec;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return [];
  const { provider, service } = spec as {
    provider?: unknown;
    service?: unknown;
  };
  const message = missingService({
    provider:
      typeof provider === 'string'
        ? provider
        : options.defaultProvider ?? DEFAULTS.provider,
    service,
  });
  return message ? [message] : [];
}

function toMessages(issues: ZodIssue[]): string[] {
  return [...new Set(issues.flatMap(issueMessages))];
}

/** match + iterations → A/B; iterations → blue/green (mirroring if mirror); else canary (docs/rollout-engine.md#strategies). */
export function deriveStrategy(
  analysis: AnalysisSpec,
  hasSteps: boolean,
): Strategy {
  if (hasSteps) return 'steps';
  if (analysis.iterations > 0) {
    if (analysis.match.length > 0) return 'abTesting';
    return analysis.mirror ? 'mirroring' : 'blueGreen';
  }
  return 'canary';
}

function build(
  doc: CanaryDocument | RolloutDocument,
  options: ParseOptions,
): ParseResult {
  const spec = doc.spec;
  const steps = 'steps' in spec ? spec.steps : undefined;
  const provider =
    spec.provider ?? options.defaultProvider ?? DEFAULTS.provider;
  // Always there on a Canary (the schema requires it); a Rollout may have none.
  const a = spec.analysis;
  const errors = checkRules({ ...spec, provider, steps });
  if (errors.length > 0) return { errors, warnings: [] };

  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  if (steps && a) {
    for (const field of [
      'stepWeight',
      'stepWeights',
      'maxWeight',
      'iterations',
    ] as const) {
      if (a[field] !== undefined)
        warn(`spec.analysis.${field}: ignored, explicit steps win`);
    }
  }
  const analysis = normalizeAnalysis(a, provider, warn, options.minIntervalMs);
  // Knative Services go without: Flagger's zero values, which nothing routes by.
  const svc: NonNullable<typeof spec.service> = spec.service ?? { port: 0 };
  const rollout = 'steps' in spec ? spec : undefined;
  const result: RolloutSpec = {
    source: {
      apiVersion: doc.apiVersion,
      kind: doc.kind,
      name: doc.metadata.name,
      namespace: doc.metadata.namespace,
    },
    provider,
    metricsServer:
      spec.metricsServer ??
      options.defaultMetricsServer ??
      DEFAULTS.metricsServer,
    targetRef: spec.targetRef,
    autoscalerRef: spec.autoscalerRef,
    ingressRef: spec.ingressRef,
    routeRef: spec.routeRef,
    upstreamRef: spec.upstreamRef,
    service: {
      name: svc.name || spec.targetRef.name,
      port: svc.port,
      portName: svc.portName || DEFAULTS.portName,
      targetPort: svc.targetPort ?? svc.port,
      portDiscovery: svc.portDiscovery ?? false,
      headless: svc.headless ?? false,
      appProtocol: svc.appProtocol,
      trafficDistribution: svc.trafficDistribution,
      timeout: svc.timeout,
      backendTimeout: svc.backendTimeout,
      gateways:
        svc.gateways ?? (provider === 'istio' ? [DEFAULTS.istioGateway] : []),
      gatewayRefs: svc.gatewayRefs ?? [],
      delegation: svc.delegation ?? false,
      hosts: svc.hosts ?? [],
      match: normalizeMatches(svc.match),
      rewrite: svc.rewrite,
      retries: svc.retries,
      headers: svc.headers,
      mirror: svc.mirror ?? [],
      corsPolicy: svc.corsPolicy,
      trafficPolicy: svc.trafficPolicy,
      meshName: svc.meshName,
      backends: svc.backends ?? [],
      apex: normalizeMetadata(svc.apex),
      primary: normalizeMetadata(svc.primary),
      canary: normalizeMetadata(svc.canary),
      unmanagedMetadata: {
        labels: svc.unmanagedMetadata?.labels ?? [],
        annotations: svc.unmanagedMetadata?.annotations ?? [],
      },
    },
    strategy: deriveStrategy(analysis, steps !== undefined),
    progressDeadlineSeconds:
      spec.progressDeadlineSeconds ?? DEFAULTS.progressDeadlineSeconds,
    // Steps without analysis still run, with no checks between them.
    skipAnalysis: spec.skipAnalysis === true || (!a && steps === undefined),
    suspend: spec.suspend ?? false,
    revertOnDeletion: spec.revertOnDeletion ?? false,
    analysis,
    steps: (steps ?? []).map(normalizeStep),
    paused: rollout?.paused ?? false,
    progressDeadlineAbort: rollout?.progressDeadlineAbort ?? false,
    scaleDownDelaySeconds:
      rollout?.scaleDownDelaySeconds ?? DEFAULTS.scaleDownDelaySeconds,
    abortScaleDownDelaySeconds:
      rollout?.abortScaleDownDelaySeconds ??
      DEFAULTS.abortScaleDownDelaySeconds,
  };
  return { spec: result, errors: [], warnings };
}

/**
 * Two rollouts on one workload fight over it (Flagger only logs "Bad things
 * will happen!"); Slipway reports one error per extra claimant.
 */
export function findTargetConflicts(specs: RolloutSpec[]): string[] {
  const owners = new Map<string, RolloutSpec>();
  const errors: string[] = [];
  for (const spec of specs) {
    const ns = spec.targetRef.namespace ?? spec.source.namespace ?? '';
    const key = `${ns}/${spec.targetRef.kind}/${spec.targetRef.name}`;
    const first = owners.get(key);
    if (first) {
      errors.push(
        `${spec.source.kind} ${spec.source.name}: spec.targetRef: ${spec.targetRef.kind} ${spec.targetRef.name} is already the target of ${first.source.kind} ${first.source.name}`,
      );
    } else {
      owners.set(key, spec);
    }
  }
  return errors;
}
