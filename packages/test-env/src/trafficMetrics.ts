import { Labels, MetricsRegistry } from './metricsRegistry';

/**
 * The series each supported provider exports, shaped so the builtin
 * queries (docs/rollout-engine.md#metrics) select exactly the canary
 * (or, for APISIX, the canary route) of one app.
 */

export type WorkloadRole = 'primary' | 'canary';

/** One canary-enabled app as the providers name it (Flagger's naming). */
export interface SimulatedAppNames {
  /** Target workload (the canary); the primary is `<name>-primary`. */
  name: string;
  namespace: string;
  /** Apex service; `<service>-primary` / `<service>-canary` back the workloads. */
  service: string;
  /** NGINX ingress (the primary one; the canary copy is `<ingress>-canary`). */
  ingress: string;
  /** APISIX route; the canary copy is `<route>-<service>-canary`. */
  route: string;
  port: number;
}

export interface TrafficSample {
  role: WorkloadRole;
  /** Fractional request counts are fine: counters are floats. */
  requests: number;
  errors: number;
  latencyMs: number;
}

/** Bounds in milliseconds; the seconds families use the same bounds / 1000. */
const MS_BOUNDS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000,
  30000, 60000,
];
const S_BOUNDS = MS_BOUNDS.map(ms => ms / 1000);

const workloadName = (app: SimulatedAppNames, role: WorkloadRole) =>
  role === 'canary' ? app.name : `${app.name}-primary`;

// Pod names shaped like a Deployment's: the gateway API / kubernetes regex
// `<target>-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)` matches the canary pod only.
const podName = (app: SimulatedAppNames, role: WorkloadRole) =>
  role === 'canary'
    ? `${app.name}-5d8f9c7b6-x2k4q`
    : `${app.name}-primary-6c7d8e9f4-p7m3n`;

// Upstream node addresses distinguish the workloads behind one APISIX route.
const nodeAddress = (role: WorkloadRole) =>
  role === 'canary' ? '10.0.0.2' : '10.0.0.1';

type Recorder = (
  registry: MetricsRegistry,
  app: SimulatedAppNames,
  role: WorkloadRole,
  code: string,
  count: number,
  latencyMs: number,
) => void;

const istio: Recorder = (registry, app, role, code, count, latencyMs) => {
  const requests = registry.counter('istio_requests_total', 'Istio requests.');
  const duration = registry.histogram(
    'istio_request_duration_milliseconds',
    'Istio request duration.',
    MS_BOUNDS,
  );
  for (const reporter of ['destination', 'source']) {
    const labels: Labels = {
      reporter,
      source_workload: 'istio-ingressgateway',
      source_workload_namespace: 'istio-system',
      destination_workload: workloadName(app, role),
      destination_workload_namespace: app.namespace,
      destination_service_name: `${app.service}-${role}`,
      destination_service_namespace: app.namespace,
      response_code: code,
    };
    requests.inc(labels, count);
    duration.observe(labels, latencyMs, count);
  }
};

// ingress-nginx records canary traffic on the main ingress with the
// canary upstream in `canary`; the builtin query filters `canary!=""`.
const nginx: Recorder = (registry, app, role, code, count, latencyMs) => {
  const labels: Labels = {
    namespace: app.namespace,
    ingress: app.ingress,
    service: `${app.service}-${role}`,
    canary:
      role === 'canary'
        ? `${app.namespace}-${app.service}-canary-${app.port}`
        : '',
    status: code,
    method: 'GET',
    path: '/',
  };
  registry
    .counter('nginx_ingress_controller_requests', 'NGINX requests.')
    .inc(labels, count);
  for (const family of [
    'response_duration_seconds',
    'request_duration_seconds',
  ]) {
    registry
      .histogram(
        `nginx_ingress_controller_${family}`,
        'NGINX duration.',
        S_BOUNDS,
      )
      .observe(labels, latencyMs / 1000, count);
  }
};

// Flagger's canary ApisixRoute carries all traffic during a rollout and
// splits it between both backends, so the builtin APISIX query measures
// primary and canary together, as in a real cluster.
const apisix: Recorder = (registry, app, role, code, count, latencyMs) => {
  const route = `${app.namespace}_${app.route}-${app.service}-canary_rule-0`;
  const common = { route, service: '', consumer: '', node: nodeAddress(role) };
  registry
    .counter('apisix_http_status', 'APISIX responses by status.')
    .inc({ code, ...common, matched_uri: '/*', matched_host: '' }, count);
  const latency = registry.histogram(
    'apisix_http_latency',
    'APISIX latency.',
    MS_BOUNDS,
  );
  for (const type of ['request', 'upstream']) {
    latency.observe({ type, ...common }, latencyMs, count);
  }
};

// Envoy clusters as Contour names them (`<ns>_<service>_<port>`).
const envoy: Recorder = (registry, app, role, code, count, latencyMs) => {
  const cluster = `${app.namespace}_${app.service}-${role}_${app.port}`;
  registry
    .counter('envoy_cluster_upstream_rq', 'Envoy upstream requests.')
    .inc({ envoy_cluster_name: cluster, envoy_response_code: code }, count);
  registry
    .histogram(
      'envoy_cluster_upstream_rq_time',
      'Envoy upstream time.',
      MS_BOUNDS,
    )
    .observe({ envoy_cluster_name: cluster }, latencyMs, count);
};

// App metrics scraped from pods: what the kubernetes and gatewayapi providers query.
const appMetrics: Recorder = (
  registry,
  names,
  role,
  code,
  count,
  latencyMs,
) => {
  registry
    .histogram(
      'http_request_duration_seconds',
      'App request duration.',
      S_BOUNDS,
    )
    .observe(
      {
        kubernetes_namespace: names.namespace,
        kubernetes_pod_name: podName(names, role),
        status: code,
        method: 'GET',
        path: '/',
      },
      latencyMs / 1000,
      count,
    );
};

const linkerd: Recorder = (registry, app, role, code, count, latencyMs) => {
  const common = {
    namespace: app.namespace,
    deployment: workloadName(app, role),
    direction: 'inbound',
  };
  registry.counter('response_total', 'Linkerd responses.').inc(
    {
      ...common,
      status_code: code,
      classification: code.startsWith('5') ? 'failure' : 'success',
    },
    count,
  );
  registry
    .histogram('response_latency_ms', 'Linkerd latency.', MS_BOUNDS)
    .observe({ ...common, status_code: code }, latencyMs, count);
};

const traefik: Recorder = (registry, app, role, code, count, latencyMs) => {
  const labels = {
    service: `${app.namespace}-${app.service}-${role}-${app.port}@kubernetescrd`,
    code,
    method: 'GET',
    protocol: 'http',
  };
  registry
    .counter('traefik_service_requests_total', 'Traefik requests.')
    .inc(labels, count);
  registry
    .histogram(
      'traefik_service_request_duration_seconds',
      'Traefik duration.',
      S_BOUNDS,
    )
    .observe(labels, latencyMs / 1000, count);
};

const RECORDERS: Recorder[] = [
  istio,
  nginx,
  apisix,
  envoy,
  appMetrics,
  linkerd,
  traefik,
];

/** Adds one tick's traffic of one workload to every provider's series. */
export function recordTraffic(
  registry: MetricsRegistry,
  names: SimulatedAppNames,
  sample: TrafficSample,
): void {
  const ok = sample.requests - sample.errors;
  for (const record of RECORDERS) {
    record(registry, names, sample.role, '200', ok, sample.latencyMs);
    record(
      registry,
      names,
      sample.role,
      '500',
      sample.errors,
      sample.latencyMs,
    );
  }
}
