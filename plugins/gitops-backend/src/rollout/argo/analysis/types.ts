/**
 * Argo Rollouts' analysis vocabulary (`argoproj.io/v1alpha1`), as Slipway
 * reads it: AnalysisTemplate and ClusterAnalysisTemplate specs, the
 * arguments a Rollout passes them, and the state of one AnalysisRun.
 *
 * Metric fields keep the text the document holds, `{{args.x}}`
 * placeholders included: Argo substitutes arguments into the whole metric
 * each time it reconciles a run, so the run keeps the unresolved metric.
 */

/** A Kubernetes int-or-string: `3` or `"3"` or `"{{args.limit}}"`. */
export type IntOrString = number | string;

export interface MetricHeader {
  key: string;
  value: string;
}

export interface PrometheusRangeQuery {
  /** An expression such as `now() - duration("5m")`. */
  start?: string;
  end?: string;
  /** A Go duration: the resolution of the range. */
  step?: string;
}

export interface PrometheusMetric {
  /** Argo falls back to `ARGO_ROLLOUTS_PROMETHEUS_ADDRESS`; Slipway to its metrics server. */
  address?: string;
  query: string;
  /** Seconds; 30 when unset. */
  timeout?: number;
  insecure?: boolean;
  headers?: MetricHeader[];
  rangeQuery?: PrometheusRangeQuery;
}

export interface WebMetric {
  url: string;
  /** GET when unset. */
  method?: string;
  headers?: MetricHeader[];
  body?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  jsonBody?: Record<string, unknown>;
  /** 10 when unset, zero or negative. */
  timeoutSeconds?: number;
  /** A Kubernetes JSONPath template; `{$}` when unset. */
  jsonPath?: string;
  insecure?: boolean;
}

/** Exactly one provider: the parser refuses the others by name. */
export type MetricProvider =
  | { prometheus: PrometheusMetric; web?: undefined }
  | { web: WebMetric; prometheus?: undefined };

export interface AnalysisMetric {
  name: string;
  /** Go duration between measurements; unset means measure once. */
  interval?: string;
  /** Go duration to wait, from the start of the run, before the first measurement. */
  initialDelay?: string;
  count?: IntOrString;
  successCondition?: string;
  failureCondition?: string;
  /** Default 0; -1 disables it (with a consecutiveSuccessLimit). */
  failureLimit?: IntOrString;
  /** Default 0. */
  inconclusiveLimit?: IntOrString;
  /** Default 4. */
  consecutiveErrorLimit?: IntOrString;
  /** Default 0: disabled. */
  consecutiveSuccessLimit?: IntOrString;
  provider: MetricProvider;
}

export interface SecretKeyRef {
  name: string;
  key: string;
}

export interface FieldRef {
  fieldPath: string;
}

/** An argument a template declares: with a default, from a Secret, or required. */
export interface TemplateArgument {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: SecretKeyRef; fieldRef?: FieldRef };
}

/** An argument a Rollout passes to its analysis (`AnalysisRunArgument`). */
export interface SuppliedArgument {
  name: string;
  value?: string;
  valueFrom?: {
    podTemplateHashValue?: 'Stable' | 'Latest';
    fieldRef?: FieldRef;
  };
}

export interface DryRunRule {
  /** A regular expression, matched anywhere in the metric name. */
  metricName: string;
}

export interface MeasurementRetentionRule {
  /** A regular expression, matched anywhere in the metric name. */
  metricName: string;
  /** Zero or less means the default, 10. */
  limit: number;
}

export interface AnalysisTemplateRef {
  templateName: string;
  clusterScope: boolean;
}

export type AnalysisTemplateKind =
  | 'AnalysisTemplate'
  | 'ClusterAnalysisTemplate';

export interface AnalysisTemplateSpec {
  kind: AnalysisTemplateKind;
  name: string;
  namespace?: string;
  metrics: AnalysisMetric[];
  args: TemplateArgument[];
  dryRun: DryRunRule[];
  measurementRetention: MeasurementRetentionRule[];
  /** Other templates whose metrics and args join this one's. */
  templates: AnalysisTemplateRef[];
}

export interface AnalysisTemplateParseResult {
  template?: AnalysisTemplateSpec;
  errors: string[];
  warnings: string[];
}

/**
 * An argument of a run, safe to store and show: a Secret's value is never
 * kept, only where to read it.
 */
export interface RunArgument {
  name: string;
  value?: string;
  secretKeyRef?: SecretKeyRef;
}

/** Argument values by name, Secret values included: keep in memory only. */
export type ArgValues = Record<string, string>;

export type AnalysisPhase =
  | 'Pending'
  | 'Running'
  | 'Successful'
  | 'Failed'
  | 'Error'
  | 'Inconclusive';

export type MeasurementPhase =
  | 'Successful'
  | 'Failed'
  | 'Inconclusive'
  | 'Error';

export interface Measurement {
  phase: MeasurementPhase;
  message?: string;
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
  /** The value as Argo prints it: `0.97`, `[0.97,0.99]`, `NaN`, `true`. */
  value?: string;
  metadata?: Record<string, string>;
}

export interface MetricResult {
  name: string;
  phase: AnalysisPhase;
  /** The latest measurements, at most the retention limit. */
  measurements: Measurement[];
  message?: string;
  /** Measurements without error: successful + failed + inconclusive. */
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveError: number;
  consecutiveSuccess: number;
  dryRun: boolean;
  /** Prometheus: `ResolvedPrometheusQuery`, Secret values masked. */
  metadata?: Record<string, string>;
}

export interface RunSummary {
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
}

export interface AnalysisRunSpec {
  /** Unresolved: arguments are substituted whenever a metric is read. */
  metrics: AnalysisMetric[];
  args: RunArgument[];
  dryRun: DryRunRule[];
  measurementRetention: MeasurementRetentionRule[];
}

/** One AnalysisRun, spec and status, as plain data (JSON-safe, no Secret values). */
export interface AnalysisRunState {
  spec: AnalysisRunSpec;
  /** Set by terminateAnalysisRun: measure nothing more, settle the phase. */
  terminate: boolean;
  phase: AnalysisPhase;
  message?: string;
  /** Epoch milliseconds. */
  startedAt: number;
  completedAt?: number;
  metricResults: MetricResult[];
  runSummary: RunSummary;
  dryRunSummary: RunSummary;
}

/**
 * What a provider made of one measurement, before the conditions:
 * - `result` is evaluated against the metric's conditions;
 * - `phase` is already decided (a web answer that is not JSON is Successful, as in Argo);
 * - `error` is a failed measurement (the request failed, the answer made no sense).
 */
export type MeasurementOutcome = (
  | { value: string; result: unknown; phase?: undefined; error?: undefined }
  | {
      value: string;
      phase: 'Successful';
      result?: undefined;
      error?: undefined;
    }
  | { error: string; value?: undefined; result?: undefined; phase?: undefined }
) & {
  /** When the measurement started; the time it is recorded otherwise. */
  startedAt?: number;
  metadata?: Record<string, string>;
};
