import type { MetricSpec, Provider, RolloutSpec } from '../spec/types';
import { renderTemplate, TemplateValues } from './template';

/** Families of series the builtin metrics query, by provider (docs/rollout-engine.md#metrics). */
export type Observer =
  | 'istio'
  | 'linkerd'
  | 'nginx'
  | 'apisix'
  | 'contour'
  | 'traefik'
  | 'http';

export type BuiltinMetricName = 'request-success-rate' | 'request-duration';

export interface BuiltinQuery {
  template: string;
  /** Multiply the query result by this to get the unit (ms for durations, % for success). */
  scale: number;
}

// Flagger's builtin queries, unchanged, so thresholds written for Flagger keep
// their meaning: the anchored `=~"<target>"` and the two-segment pod regex keep
// `<target>-primary` out.
const QUERIES: Record<Observer, Record<BuiltinMetricName, BuiltinQuery>> = {
  istio: {
    'request-success-rate': {
      template:
        'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload=~"{{ target }}",response_code!~"5.*"}[{{ interval }}])) / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload=~"{{ target }}"}[{{ interval }}])) * 100',
      scale: 1,
    },
    'request-duration': {
      template:
        'histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload=~"{{ target }}"}[{{ interval }}])) by (le))',
      scale: 1,
    },
  },
  linkerd: {
    'request-success-rate': {
      template:
        'sum(rate(response_total{namespace="{{ namespace }}",deployment=~"{{ target }}",classification!="failure",direction="inbound"}[{{ interval }}])) / sum(rate(response_total{namespace="{{ namespace }}",deployment=~"{{ target }}",direction="inbound"}[{{ interval }}])) * 100',
      scale: 1,
    },
    'request-duration': {
      template:
        'histogram_quantile(0.99, sum(rate(response_latency_ms_bucket{namespace="{{ namespace }}",deployment=~"{{ target }}",direction="inbound"}[{{ interval }}])) by (le))',
      scale: 1,
    },
  },
  // Canary ingress only; the duration is an average, not a quantile.
  nginx: {
    'request-success-rate': {
      template:
        'sum(rate(nginx_ingress_controller_requests{namespace="{{ namespace }}",ingress="{{ ingress }}",canary!="",status!~"5.*"}[{{ interval }}])) / sum(rate(nginx_ingress_controller_requests{namespace="{{ namespace }}",ingress="{{ ingress }}",canary!=""}[{{ interval }}])) * 100',
      scale: 1,
    },
    'request-duration': {
      template:
        'sum(rate(nginx_ingress_controller_response_duration_seconds_sum{namespace="{{ namespace }}",ingress="{{ ingress }}",canary!=""}[{{ interval }}])) / sum(rate(nginx_ingress_controller_response_duration_seconds_count{namespace="{{ namespace }}",ingress="{{ ingress }}",canary!=""}[{{ interval }}])) * 1000',
      scale: 1,
    },
  },
  apisix: {
    'request-success-rate': {
      template:
        'sum(rate(apisix_http_status{route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+",code!~"5.."}[{{ interval }}])) / sum(rate(apisix_http_status{route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+"}[{{ interval }}])) * 100',
      scale: 1,
    },
    'request-duration': {
      template:
        'histogram_quantile(0.99, sum(rate(apisix_http_latency_bucket{type=~"request",route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+"}[{{ interval }}])) by (le))',
      scale: 1,
    },
  },
  contour: {
    'request-success-rate': {
      template:
        'sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~"{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+",envoy_response_code!~"5.*"}[{{ interval }}])) / sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~"{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+",}[{{ interval }}])) * 100',
      scale: 1,
    },
    'request-duration': {
      template:
        'histogram_quantile(0.99, sum(rate(envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=~"{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+",}[{{ interval }}])) by (le))',
      scale: 1,
    },
  },
  traefik: {
    'request-success-rate': {
      template:
        'sum(rate(traefik_service_request_duration_seconds_bucket{service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",code!~"5..",le="+Inf"}[{{ interval }}])) / sum(rate(traefik_service_request_duration_seconds_bucket{service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",le="+Inf"}[{{ interval }}])) * 100',
      scale: 1,
    },
    'request-duration': {
      template:
        'histogram_quantile(0.99, sum(rate(traefik_service_request_duration_seconds_bucket{service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd"}[{{ interval }}])) by (le)) * 1000',
      scale: 1,
    },
  },
  // App metrics of the canary pods; the duration is in seconds, hence scale 1000.
  http: {
    'request-success-rate': {
      template:
        'sum(rate(http_request_duration_seconds_count{kubernetes_namespace="{{ namespace }}",kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)",status!~"5.*"}[{{ interval }}])) / sum(rate(http_request_duration_seconds_count{kubernetes_namespace="{{ namespace }}",kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[{{ interval }}])) * 100',
      scale: 1,
    },
    'request-duration': {
      template:
        'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{kubernetes_namespace="{{ namespace }}",kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[{{ interval }}])) by (le))',
      scale: 1000,
    },
  },
};

/** `kubernetes` and `gatewayapi*` use the HTTP observer; providers without their own fall back to Istio. */
export function observerFor(provider: Provider | string): Observer {
  if (provider === 'kubernetes' || provider.startsWith('gatewayapi'))
    return 'http';
  if (['linkerd', 'nginx', 'apisix', 'contour', 'traefik'].includes(provider)) {
    return provider as Observer;
  }
  return 'istio';
}

export function builtinQuery(
  provider: Provider | string,
  name: BuiltinMetricName,
): BuiltinQuery {
  return QUERIES[observerFor(provider)][name];
}

/** The variables a metric query can use, the same as in Flagger's templates (docs/rollout-engine.md#metrics). */
export function queryValues(
  spec: RolloutSpec,
  metric: MetricSpec,
): TemplateValues {
  return {
    name: spec.source.name,
    namespace: spec.source.namespace ?? 'default',
    target: spec.targetRef.name,
    service: spec.service.name,
    ingress: spec.ingressRef?.name,
    route: spec.routeRef?.name,
    interval: metric.interval,
    variables: { ...metric.templateVariables },
  };
}

/** Renders a builtin metric's query for a rollout; throws if a variable is missing. */
export function renderBuiltinQuery(
  spec: RolloutSpec,
  metric: MetricSpec,
): BuiltinQuery {
  const builtin = builtinQuery(spec.provider, metric.name as BuiltinMetricName);
  if (!builtin) throw new Error(`"${metric.name}" is not a builtin metric`);
  return {
    template: renderTemplate(builtin.template, queryValues(spec, metric)),
    scale: builtin.scale,
  };
}

/** Renders a MetricTemplate's (or a deprecated inline) query with the metric's variables. */
export function renderMetricQuery(
  query: string,
  spec: RolloutSpec,
  metric: MetricSpec,
): string {
  return renderTemplate(query, queryValues(spec, metric));
}
