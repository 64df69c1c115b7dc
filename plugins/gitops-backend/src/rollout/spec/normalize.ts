import { DEFAULTS, BUILTIN_METRICS } from './defaults';
import { formatDuration, parseGoDuration, parsePauseDuration } from './duration';
import type { AnalysisInput, StepInput } from './schema';
import type {
  AnalysisSpec,
  CustomMetadata,
  HttpMatch,
  MetricSpec,
  Provider,
  RolloutStep,
  StringMatch,
  WebhookSpec,
} from './types';

/** Collects adjustments made on the user's behalf. */
export type Warn = (message: string) => void;

/** Header names are matched case-insensitively, so routers get them lowercased. */
export function normalizeMatches(
  matches: HttpMatch[] | undefined,
): HttpMatch[] {
  return (matches ?? []).map(match => {
    if (!match.headers) return { ...match };
    const headers: Record<string, StringMatch> = {};
    for (const [key, value] of Object.entries(match.headers)) {
      headers[key.toLowerCase()] = value;
    }
    return { ...match, headers };
  });
}

export function normalizeMetadata(meta?: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}): CustomMetadata {
  return { labels: { ...meta?.labels }, annotations: { ...meta?.annotations } };
}

/** Flagger's GetAnalysisInterval, except that unparsable values never reach here (validated). */
function intervalMs(raw: string | undefined, warn: Warn, minimumMs: number): number {
  if (!raw) return DEFAULTS.intervalMs;
  const ms = parseGoDuration(raw) ?? DEFAULTS.intervalMs;
  if (ms < minimumMs) {
    const min = formatDuration(minimumMs);
    warn(`spec.analysis.interval: ${raw} is below the ${min} minimum, using ${min}`);
    return minimumMs;
  }
  return ms;
}

/** Flagger's webhook timeout: fewer than 2 characters means the 10s default; undefined if invalid or not positive. */
export function webhookTimeoutMs(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.length < 2) return DEFAULTS.webhookTimeoutMs;
  const ms = parseGoDuration(raw);
  return ms !== undefined && ms > 0 ? ms : undefined;
}

function metricSource(
  metric: NonNullable<AnalysisInput['metrics']>[number],
): MetricSpec['source'] {
  if (metric.templateRef) return 'template';
  if (metric.query) return 'query';
  return 'builtin';
}

/**
 * The deprecated single `threshold` as a range, so the engine only checks
 * ranges: success rate fails below it, every other metric above it.
 */
function legacyRange(name: string, threshold: number | undefined) {
  if (threshold === undefined) return undefined;
  return name === 'request-success-rate'
    ? { min: threshold }
    : { max: threshold };
}

export function isBuiltinMetric(name: string): boolean {
  return (BUILTIN_METRICS as readonly string[]).includes(name);
}

export function normalizeAnalysis(
  input: AnalysisInput | undefined,
  provider: Provider,
  warn: Warn,
  minIntervalMs: number = DEFAULTS.minIntervalMs,
): AnalysisSpec {
  const a = input ?? {};
  const stepWeights = a.stepWeights ?? [];
  let iterations = a.iterations ?? 0;
  let match = normalizeMatches(a.match);
  // The kubernetes provider can only switch the apex Service: blue/green only.
  if (provider === 'kubernetes' && input) {
    if (match.length > 0) {
      warn(
        'spec.analysis.match: ignored, provider kubernetes has no traffic router',
      );
      match = [];
    }
    if (iterations < 1) {
      warn(
        `spec.analysis.iterations: set to ${DEFAULTS.kubernetesIterations}, provider kubernetes only supports blue/green`,
      );
      iterations = DEFAULTS.kubernetesIterations;
    }
  }
  // Harmless in Flagger, so a warning rather than an error.
  if (a.mirrorWeight !== undefined && !a.mirror) {
    warn('spec.analysis.mirrorWeight: ignored without mirror: true');
  }
  const maxWeight =
    stepWeights.length > 0
      ? Math.min(100, stepWeights[stepWeights.length - 1])
      : a.maxWeight ?? DEFAULTS.maxWeight;
  return {
    intervalMs: intervalMs(a.interval, warn, minIntervalMs),
    threshold:
      a.threshold && a.threshold > 0 ? a.threshold : DEFAULTS.threshold,
    maxWeight,
    stepWeight: a.stepWeight ?? 0,
    stepWeights: [...stepWeights],
    stepWeightPromotion: a.stepWeightPromotion ?? 0,
    iterations,
    mirror: a.mirror ?? false,
    mirrorWeight: a.mirrorWeight ?? 0,
    primaryReadyThreshold: a.primaryReadyThreshold ?? DEFAULTS.readyThreshold,
    canaryReadyThreshold: a.canaryReadyThreshold ?? DEFAULTS.readyThreshold,
    match,
    sessionAffinity: a.sessionAffinity && {
      ...a.sessionAffinity,
      maxAge: a.sessionAffinity.maxAge ?? DEFAULTS.sessionMaxAge,
    },
    metrics: (a.metrics ?? []).map(m => ({
      name: m.name,
      interval: m.interval ?? DEFAULTS.metricInterval,
      thresholdRange: m.thresholdRange ?? legacyRange(m.name, m.threshold),
      threshold: m.threshold,
      query: m.query,
      templateRef: m.templateRef,
      templateVariables: { ...m.templateVariables },
      source: metricSource(m),
    })),
    webhooks: (a.webhooks ?? []).map(
      (w): WebhookSpec => ({
        name: w.name,
        type: w.type || 'rollout',
        url: w.url,
        timeoutMs: webhookTimeoutMs(w.timeout) ?? DEFAULTS.webhookTimeoutMs,
        metadata: { ...w.metadata },
        retries: w.retries ?? 0,
        disableTLS: w.disableTLS ?? false,
        muteAlert: w.muteAlert ?? false,
      }),
    ),
    alerts: (a.alerts ?? []).map(al => ({
      name: al.name,
      severity: al.severity || 'info',
      providerRef: al.providerRef,
    })),
    onNoData: a.onNoData ?? 'fail',
  };
}

/** Steps are validated to carry exactly one action before they get here. */
export function normalizeStep(step: StepInput): RolloutStep {
  if (step.setWeight !== undefined)
    return { kind: 'setWeight', weight: step.setWeight };
  if (step.pause) {
    return step.pause.duration === undefined
      ? { kind: 'pause' }
      : { kind: 'pause', durationMs: parsePauseDuration(step.pause.duration) };
  }
  if (step.setCanaryScale)
    return { kind: 'setCanaryScale', ...step.setCanaryScale };
  return {
    kind: 'analysis',
    templates: step.analysis!.templates,
    args: step.analysis!.args ?? [],
  };
}
