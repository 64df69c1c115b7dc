/**
 * The one internal shape of a progressive rollout. Flagger `Canary` and
 * Slipway `Rollout` documents both parse into it, with every default applied,
 * so the engine, routers and providers never look at raw documents.
 */

/**
 * Every provider Flagger accepts, so no valid Flagger document is refused for
 * its provider; which ones have a router: docs/rollout-engine.md#routers.
 *
 * @public
 */
export const PROVIDERS = [
  'apisix',
  'appmesh',
  'appmesh:v1beta2',
  'contour',
  'gatewayapi:v1',
  'gatewayapi:v1beta1',
  'gloo',
  'istio',
  'knative',
  'kubernetes',
  'kuma',
  'linkerd',
  'nginx',
  'osm',
  'skipper',
  'smi:v1alpha1',
  'smi:v1alpha2',
  'smi:v1alpha3',
  'traefik',
] as const;

/**
 * A traffic provider name, one of `PROVIDERS`.
 *
 * @public
 */
export type Provider = (typeof PROVIDERS)[number];

/**
 * canary: weight steps; blueGreen: iterations then a full switch; abTesting:
 * iterations with only `match` requests on the canary; mirroring: blue/green
 * with traffic mirrored to the canary; steps: explicit Argo-style steps.
 *
 * @public
 */
export type Strategy =
  | 'canary'
  | 'blueGreen'
  | 'abTesting'
  | 'mirroring'
  | 'steps';

/**
 * A Kubernetes object by name, with its kind, API version and namespace when
 * needed.
 *
 * @public
 */
export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

/**
 * The autoscaler (HorizontalPodAutoscaler or KEDA ScaledObject) that scales the
 * rollout's target.
 *
 * @public
 */
export interface AutoscalerRef extends ObjectRef {
  /** KEDA: queries used for the primary's ScaledObject. */
  primaryScalerQueries?: Record<string, string>;
  primaryScalerReplicas?: { minReplicas?: number; maxReplicas?: number };
}

/**
 * A string condition of an HTTP match: exact, prefix, suffix or regular
 * expression.
 *
 * @public
 */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  suffix?: string;
  regex?: string;
}

/**
 * Istio HTTPMatchRequest subset Flagger forwards to routers.
 *
 * @public
 */
export interface HttpMatch {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  /** Keys are lowercased: routers match header names case-insensitively. */
  headers?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  port?: number;
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  gateways?: string[];
  ignoreUriCase?: boolean;
}

/**
 * What a Gateway API HTTPRoute attaches to (a `ParentReference`): a Gateway
 * by default, or, as with Linkerd, a Service (`group: core`, `kind: Service`,
 * `port`). Unset `group` and `kind` mean the Gateway API's defaults.
 *
 * @public
 */
export interface GatewayRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  /** The listener of the parent to attach to. */
  sectionName?: string;
  port?: number;
}

/**
 * Where a Gateway API route sends a copy of each request it serves; the
 * copies' responses are dropped. Unset `group` and `kind` mean a Service,
 * which then needs `port`.
 *
 * @public
 */
export interface MirrorBackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}

/**
 * Labels and annotations put on a Service the rollout manages.
 *
 * @public
 */
export interface CustomMetadata {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * The Services and routes the rollout's provider manages, with defaults
 * applied.
 *
 * @public
 */
export interface ServiceSpec {
  /** Apex service name; defaults to the target's name. */
  name: string;
  /**
   * 0 only for a Knative Service target, which may leave `service` out:
   * Knative routes between its revisions itself.
   */
  port: number;
  /** Defaults to `http`. */
  portName: string;
  /** Defaults to `port`. */
  targetPort: number | string;
  portDiscovery: boolean;
  /** The generated Services get no cluster IP (`clusterIP: None`). */
  headless: boolean;
  appProtocol?: string;
  /** The generated Services' `trafficDistribution`. */
  trafficDistribution?: 'PreferClose' | 'PreferSameZone' | 'PreferSameNode';
  timeout?: string;
  /** Gateway API: timeout of each request from the gateway to a backend. */
  backendTimeout?: string;
  gateways: string[];
  gatewayRefs: GatewayRef[];
  delegation: boolean;
  hosts: string[];
  match: HttpMatch[];
  /**
   * `type` is the Gateway API path modifier: `ReplacePrefixMatch`, or else
   * the full path is replaced.
   */
  rewrite?: { uri?: string; authority?: string; type?: string };
  retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
  headers?: {
    request?: HeaderOperations;
    response?: HeaderOperations;
  };
  /** Gateway API: backends that get a copy of every request. */
  mirror: { backendRef: MirrorBackendRef }[];
  corsPolicy?: Record<string, unknown>;
  /** Istio DestinationRule traffic policy, forwarded as-is. */
  trafficPolicy?: Record<string, unknown>;
  meshName?: string;
  backends: string[];
  apex: CustomMetadata;
  primary: CustomMetadata;
  canary: CustomMetadata;
  /** Label / annotation keys on owned Services that Slipway leaves alone. */
  unmanagedMetadata: { labels: string[]; annotations: string[] };
}

/**
 * Headers to set, add or remove on requests or responses.
 *
 * @public
 */
export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

/**
 * The range a metric's value must stay within for its check to pass.
 *
 * @public
 */
export interface ThresholdRange {
  min?: number;
  max?: number;
}

/**
 * A metric checked during analysis: a builtin, a metric template or an inline
 * query.
 *
 * @public
 */
export interface MetricSpec {
  name: string;
  /** Prometheus range window, Go syntax; default `1m`. */
  interval: string;
  /** Also derived from the deprecated `threshold` when no range is given. */
  thresholdRange?: ThresholdRange;
  /** Deprecated single threshold: a floor for the success rate, a ceiling for other metrics. */
  threshold?: number;
  /** Deprecated inline query. */
  query?: string;
  templateRef?: { name: string; namespace?: string };
  templateVariables: Record<string, string>;
  /** `builtin` when the name is a builtin and no template or query is given. */
  source: 'builtin' | 'template' | 'query';
}

/**
 * Every webhook type a rollout document may declare.
 *
 * @public
 */
export const WEBHOOK_TYPES = [
  'confirm-rollout',
  'pre-rollout',
  'rollout',
  'confirm-traffic-increase',
  'confirm-promotion',
  'post-rollout',
  'rollback',
  'event',
] as const;

/**
 * When in the rollout a webhook is called; one of `WEBHOOK_TYPES`.
 *
 * @public
 */
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/**
 * A webhook the rollout calls at its type's point.
 *
 * @public
 */
export interface WebhookSpec {
  name: string;
  /** `""` in the document means `rollout`. */
  type: WebhookType;
  url: string;
  timeoutMs: number;
  metadata: Record<string, string>;
  retries: number;
  disableTLS: boolean;
  muteAlert: boolean;
}

/**
 * The lowest severity of the events an alert sends.
 *
 * @public
 */
export type AlertSeverity = 'info' | 'warn' | 'error';

/**
 * An alert: the rollout's events sent to an alert provider.
 *
 * @public
 */
export interface AlertSpec {
  name: string;
  severity: AlertSeverity;
  providerRef: { name: string; namespace?: string };
}

/**
 * Cookie-based session affinity: keeps users who reached the canary on it.
 *
 * @public
 */
export interface SessionAffinitySpec {
  cookieName: string;
  primaryCookieName?: string;
  /** Seconds; default 86400. */
  maxAge: number;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  /** The cookie is kept in partitioned storage (`Partitioned`). */
  partitioned?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/**
 * What a query without data (no traffic in its window) counts as; docs/rollout-engine.md#metrics.
 *
 * @public
 */
export type OnNoData = 'fail' | 'ignore' | 'inconclusive';

/**
 * How the rollout advances and is checked: interval, weights or iterations,
 * metrics, webhooks and alerts.
 *
 * @public
 */
export interface AnalysisSpec {
  intervalMs: number;
  /** Cumulative failed checks before rollback; at least 1. */
  threshold: number;
  maxWeight: number;
  /** 0 when `stepWeights` drive the progression. */
  stepWeight: number;
  stepWeights: number[];
  /** 0 routes all traffic back to primary at once. */
  stepWeightPromotion: number;
  iterations: number;
  mirror: boolean;
  mirrorWeight: number;
  primaryReadyThreshold: number;
  canaryReadyThreshold: number;
  match: HttpMatch[];
  sessionAffinity?: SessionAffinitySpec;
  metrics: MetricSpec[];
  webhooks: WebhookSpec[];
  alerts: AlertSpec[];
  onNoData: OnNoData;
}

/**
 * One explicit step of a step-based rollout.
 *
 * @public
 */
export type RolloutStep =
  | { kind: 'setWeight'; weight: number }
  /** No duration: wait for a manual promote. */
  | { kind: 'pause'; durationMs?: number }
  | {
      kind: 'setCanaryScale';
      replicas?: number;
      weight?: number;
      matchTrafficWeight?: boolean;
    }
  | {
      kind: 'analysis';
      templates: { templateName: string }[];
      args: { name: string; value: string }[];
    };

/**
 * A progressive rollout as the engine runs it, parsed from a Flagger `Canary`
 * or Slipway `Rollout` document with every default applied.
 *
 * @public
 */
export interface RolloutSpec {
  source: {
    apiVersion: 'flagger.app/v1beta1' | 'slipway.dev/v1alpha1';
    kind: 'Canary' | 'Rollout';
    name: string;
    namespace?: string;
  };
  provider: Provider;
  metricsServer?: string;
  targetRef: ObjectRef & { kind: 'Deployment' | 'DaemonSet' | 'Service' };
  autoscalerRef?: AutoscalerRef;
  ingressRef?: ObjectRef;
  routeRef?: ObjectRef;
  upstreamRef?: ObjectRef;
  service: ServiceSpec;
  strategy: Strategy;
  progressDeadlineSeconds: number;
  /** True when asked for, or when a Rollout has no analysis (a Canary must have one). */
  skipAnalysis: boolean;
  suspend: boolean;
  revertOnDeletion: boolean;
  analysis: AnalysisSpec;
  /** Explicit steps (Rollout only; empty for Canary). */
  steps: RolloutStep[];
  /** Argo defaults, used by step-based rollouts. */
  paused: boolean;
  progressDeadlineAbort: boolean;
  scaleDownDelaySeconds: number;
  abortScaleDownDelaySeconds: number;
  /**
   * The target's `spec.replicas` as the app's manifests declare it. The sync
   * engine leaves the live field to the rollout engine, which sizes the
   * primary (and the canary while it runs) from this.
   */
  targetReplicas?: number;
}

/**
 * The outcome of parsing a rollout document: the spec, or every problem found.
 *
 * @public
 */
export interface ParseResult {
  spec?: RolloutSpec;
  /** `path: message`, every problem found; empty when `spec` is set. */
  errors: string[];
  /** Adjustments made on the user's behalf, e.g. Flagger's kubernetes fixes. */
  warnings: string[];
}
