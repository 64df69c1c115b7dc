/**
 * What a document leaves out: Flagger's defaults, and Argo Rollouts' for the
 * Rollout-only fields (docs/rollout-engine.md#documents-and-defaults).
 */
export const DEFAULTS = {
  provider: 'istio',
  metricsServer: 'http://prometheus:9090',
  progressDeadlineSeconds: 600,
  intervalMs: 60_000,
  minIntervalMs: 10_000,
  threshold: 1,
  maxWeight: 100,
  readyThreshold: 100,
  sessionMaxAge: 86_400,
  metricInterval: '1m',
  webhookTimeoutMs: 10_000,
  portName: 'http',
  istioGateway: 'mesh',
  /** Flagger forces blue/green on the kubernetes provider with this many iterations. */
  kubernetesIterations: 10,
  scaleDownDelaySeconds: 30,
  abortScaleDownDelaySeconds: 30,
} as const;

export const BUILTIN_METRICS = [
  'request-success-rate',
  'request-duration',
] as const;
