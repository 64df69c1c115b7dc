/**
 * Argo Rollouts' `Rollout` (`argoproj.io/v1alpha1`) as Slipway runs it: the
 * document's fields with Argo's defaults filled in and Argo's spellings
 * folded into one (`stableIngress`/`stableIngresses`, `virtualService`/
 * `virtualServices`, `httpRoute`/`httpRoutes`), so the engine never reads
 * the raw document. Field names follow Argo's so its documentation applies.
 *
 * Facts: Argo Rollouts v1.8.3, `pkg/apis/rollouts/v1alpha1/types.go` and
 * `utils/defaults/defaults.go`.
 */

/** An int-or-string Kubernetes field such as `maxSurge`: a count, or a percentage like `"25%"`. */
export type IntOrPercent = number | `${number}%`;

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}

/** Labels and annotations Argo adds to pods while they play a role (canary, stable, preview, active). */
export interface PodMetadata {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * The pod template, kept as written. Slipway checks its shape as the CRD
 * does (every field and type of Kubernetes' `PodSpec`) and what Argo's
 * controller needs before it creates a ReplicaSet (labels matching the
 * selector, containers present, `restartPolicy: Always`); the API server
 * judges the values when the ReplicaSet is created.
 */
export interface PodTemplate {
  metadata: PodMetadata;
  /** The pod spec, as written (null fields dropped). */
  spec: Record<string, unknown> & { containers: Record<string, unknown>[] };
}

/** `spec.workloadRef`: the Deployment whose pod template the rollout runs. */
export interface WorkloadRef {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  name: string;
  /** What happens to the Deployment once the rollout runs its pods; Argo's default is `never`. */
  scaleDown: 'never' | 'onsuccess' | 'progressively';
}

export interface AnalysisTemplateRef {
  templateName: string;
  /** Look the name up as a ClusterAnalysisTemplate rather than an AnalysisTemplate. */
  clusterScope: boolean;
}

export type AnalysisArgValueFrom =
  /** The `rollouts-pod-template-hash` of the stable or the newest ReplicaSet. */
  | { podTemplateHashValue: 'Stable' | 'Latest' }
  /** A field of the Rollout itself, `metadata.labels['team']` or a path into its spec. */
  | { fieldRef: { fieldPath: string } };

/** An argument passed to the templates; a bare name passes the empty string, as in Argo. */
export type AnalysisArg =
  | { name: string; value: string }
  | { name: string; valueFrom: AnalysisArgValueFrom };

/** `RolloutAnalysis`: an AnalysisRun made from one or more templates. */
export interface RolloutAnalysis {
  /** At least one. */
  templates: AnalysisTemplateRef[];
  args: AnalysisArg[];
  /** Metrics whose failures are recorded but never fail the run. */
  dryRun: { metricName: string }[];
  measurementRetention: { metricName: string; limit: number }[];
  analysisRunMetadata: PodMetadata;
}

/** `canary.analysis`: an AnalysisRun that runs alongside the steps. */
export interface BackgroundAnalysis extends RolloutAnalysis {
  /** Index of the step the run starts at; default 0. Always below the number of steps. */
  startingStep: number;
}

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface SetHeaderRoute {
  /** A name listed in `trafficRouting.managedRoutes`. */
  name: string;
  /**
   * Requests with any of these headers go to the canary. Empty removes the
   * route. Each `headerValue` has exactly one of exact, prefix, regex.
   */
  match: { headerName: string; headerValue: StringMatch }[];
}

/**
 * `setCanaryScale`, resolved the way Argo reads it: `matchTrafficWeight`
 * wins, then `replicas`, then `weight`; an empty one matches the traffic
 * weight.
 */
export type SetCanaryScale =
  | { replicas: number }
  /** A share of `spec.replicas`, out of `maxTrafficWeight`. */
  | { weight: number }
  | { matchTrafficWeight: true };

export interface PauseStep {
  /** Undefined: wait for a manual promotion. Argo counts whole seconds, truncating. */
  durationSeconds?: number;
}

/**
 * One entry of `canary.steps`. Argo lets at most one of `setWeight`,
 * `pause` and `analysis` appear in a step, and `setCanaryScale` and
 * `setHeaderRoute` may join any of them (Argo's own APISIX example sets
 * both in one step); every step sets at least one.
 */
export interface CanaryStep {
  setWeight?: number;
  pause?: PauseStep;
  analysis?: RolloutAnalysis;
  setCanaryScale?: SetCanaryScale;
  setHeaderRoute?: SetHeaderRoute;
}

export interface NginxTrafficRouting {
  /** From `stableIngress` or `stableIngresses`; at least one. */
  stableIngresses: string[];
  /** Default `nginx.ingress.kubernetes.io`. */
  annotationPrefix: string;
  additionalIngressAnnotations: Record<string, string>;
  canaryIngressAnnotations: Record<string, string>;
}

export interface IstioVirtualService {
  /** The VirtualService's name, without the `.namespace` suffix Argo allows. */
  name: string;
  /** From a `name.namespace` reference; otherwise the rollout's namespace. */
  namespace?: string;
  /** HTTP route names; empty means the VirtualService's only HTTP route. */
  routes: string[];
  tlsRoutes: { port?: number; sniHosts: string[] }[];
  tcpRoutes: { port?: number }[];
}

export interface IstioTrafficRouting {
  /** From `virtualService` or `virtualServices`; at least one. */
  virtualServices: IstioVirtualService[];
  /** Subset-level splitting: Argo labels the two subsets with the pod template hashes. */
  destinationRule?: {
    name: string;
    canarySubsetName: string;
    stableSubsetName: string;
  };
}

export interface ApisixTrafficRouting {
  route: { name: string; rules: string[] };
}

export interface SmiTrafficRouting {
  /** Default: the stable service. */
  rootService: string;
  /** Default: the rollout's name. */
  trafficSplitName: string;
}

/** `plugins["argoproj-labs/gatewayAPI"]`, the Gateway API traffic router plugin, HTTPRoutes only. */
export interface GatewayApiTrafficRouting {
  /**
   * From `httpRoutes` and `httpRoute`; at least one. As in the plugin, the
   * single `httpRoute` comes last and takes header routes.
   */
  httpRoutes: { name: string; useHeaderRoutes: boolean }[];
  /** The routes' namespace; default the rollout's. */
  namespace?: string;
  /** The plugin's own state ConfigMap; Slipway keeps its state elsewhere and only records it. */
  configMap?: string;
  /** The label the plugin puts on routes while a canary runs; default `rollouts.argoproj.io/gatewayapi-canary: in-progress`. */
  inProgressLabel?: { key: string; value: string };
}

export interface TrafficRouting {
  nginx?: NginxTrafficRouting;
  istio?: IstioTrafficRouting;
  apisix?: ApisixTrafficRouting;
  smi?: SmiTrafficRouting;
  gatewayAPI?: GatewayApiTrafficRouting;
  /**
   * Other traffic router plugins, configuration as written. Empty unless
   * the caller named them in `ParseArgoRolloutOptions.trafficRouterPlugins`.
   */
  otherPlugins: Record<string, unknown>;
  /** Route names `setHeaderRoute` steps may use, in precedence order. */
  managedRoutes: string[];
  /** The weight that means all traffic; default 100. */
  maxTrafficWeight: number;
}

export interface AntiAffinity {
  /** Either `{ type: 'required' }` or a preferred rule with its weight (1..100). */
  type: 'required' | 'preferred';
  weight?: number;
}

export interface CanaryStrategy {
  kind: 'canary';
  canaryService?: string;
  stableService?: string;
  steps: CanaryStep[];
  analysis?: BackgroundAnalysis;
  /** Default `25%`, as Argo documents it. */
  maxSurge: IntOrPercent;
  /** Default `25%`, as Argo documents it. */
  maxUnavailable: IntOrPercent;
  /** Undefined: a basic canary, traffic split by replica counts. */
  trafficRouting?: TrafficRouting;
  canaryMetadata?: PodMetadata;
  stableMetadata?: PodMetadata;
  /** Default 30 with traffic routing; 0 (ignored) without. */
  scaleDownDelaySeconds: number;
  scaleDownDelayRevisionLimit?: number;
  /** Default 30; 0 leaves the canary up after an abort. Only with traffic routing. */
  abortScaleDownDelaySeconds: number;
  dynamicStableScale: boolean;
  /** Default 1; only with traffic routing. */
  minPodsPerReplicaSet: number;
  antiAffinity?: AntiAffinity;
}

export interface BlueGreenStrategy {
  kind: 'blueGreen';
  activeService: string;
  previewService?: string;
  /** Undefined: the preview runs at full size. */
  previewReplicaCount?: number;
  /** Default true. */
  autoPromotionEnabled: boolean;
  /** Default 0: promote as soon as the preview is ready. Ignored when auto promotion is off. */
  autoPromotionSeconds: number;
  /** Default `25%`, as Argo documents it. */
  maxUnavailable: IntOrPercent;
  prePromotionAnalysis?: RolloutAnalysis;
  postPromotionAnalysis?: RolloutAnalysis;
  previewMetadata?: PodMetadata;
  activeMetadata?: PodMetadata;
  /** Default 30. */
  scaleDownDelaySeconds: number;
  scaleDownDelayRevisionLimit?: number;
  /** Default 30; 0 leaves the preview up after an abort. */
  abortScaleDownDelaySeconds: number;
  antiAffinity?: AntiAffinity;
}

export interface ArgoRolloutSpec {
  source: {
    apiVersion: 'argoproj.io/v1alpha1';
    kind: 'Rollout';
    name: string;
    namespace?: string;
  };
  /** Default 1. */
  replicas: number;
  /** Undefined only with `workloadRef`, which then supplies the Deployment's. */
  selector?: LabelSelector;
  /** Exactly one of `template` and `workloadRef` is set. */
  template?: PodTemplate;
  workloadRef?: WorkloadRef;
  /** Default 0. */
  minReadySeconds: number;
  /** Default 10. */
  revisionHistoryLimit: number;
  /** Default 600; always above `minReadySeconds`. */
  progressDeadlineSeconds: number;
  progressDeadlineAbort: boolean;
  paused: boolean;
  /** RFC 3339 time: pods created before it are restarted. */
  restartAt?: string;
  /** Rolling back to one of the last N revisions skips the steps. */
  rollbackWindow?: { revisions: number };
  /** AnalysisRuns kept; defaults 5 and 5. */
  analysis: {
    successfulRunHistoryLimit: number;
    unsuccessfulRunHistoryLimit: number;
  };
  strategy: CanaryStrategy | BlueGreenStrategy;
}

export interface ParseArgoRolloutOptions {
  /**
   * Traffic router plugins, beyond `argoproj-labs/gatewayAPI`, that the
   * caller can run; their configuration is kept as written in
   * `trafficRouting.otherPlugins`. Any other plugin is refused.
   */
  trafficRouterPlugins?: string[];
}

export interface ArgoRolloutParseResult {
  /** Set when there are no errors. */
  spec?: ArgoRolloutSpec;
  /** `path: message`, every problem found. */
  errors: string[];
  /** Accepted, but worth knowing: fields Argo ignores, values it rounds. */
  warnings: string[];
}
