import { parseRolloutDocument } from '../spec/parse';
import type { RolloutSpec } from '../spec/types';
import {
  builtinQuery,
  observerFor,
  renderBuiltinQuery,
  renderMetricQuery,
} from './builtinQueries';

function rollout(spec: Record<string, unknown>): RolloutSpec {
  const result = parseRolloutDocument({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898 },
      ...spec,
      analysis: {
        interval: '1m',
        threshold: 1,
        stepWeight: 10,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 } },
          {
            name: 'request-duration',
            interval: '30s',
            thresholdRange: { max: 500 },
          },
          {
            name: 'error-rate',
            templateRef: { name: 'error-rate' },
            templateVariables: { code: '5..' },
          },
        ],
      },
    },
  });
  expect(result.errors).toEqual([]);
  return result.spec!;
}

describe('observerFor', () => {
  it.each([
    ['istio', 'istio'],
    ['linkerd', 'linkerd'],
    ['nginx', 'nginx'],
    ['apisix', 'apisix'],
    ['contour', 'contour'],
    ['traefik', 'traefik'],
    ['kubernetes', 'http'],
    ['gatewayapi:v1', 'http'],
    ['gatewayapi:v1beta1', 'http'],
    ['gloo', 'istio'],
    ['something-new', 'istio'],
  ])('%s → %s', (provider, observer) => {
    expect(observerFor(provider)).toBe(observer);
  });
});

describe('renderBuiltinQuery', () => {
  it('renders the Istio success rate for the canary workload only', () => {
    const spec = rollout({});
    expect(renderBuiltinQuery(spec, spec.analysis.metrics[0])).toEqual({
      template:
        'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="test",destination_workload=~"podinfo",response_code!~"5.*"}[1m])) / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="test",destination_workload=~"podinfo"}[1m])) * 100',
      scale: 1,
    });
  });

  it("uses the metric's own interval", () => {
    const spec = rollout({ provider: 'linkerd' });
    expect(renderBuiltinQuery(spec, spec.analysis.metrics[1]).template).toBe(
      'histogram_quantile(0.99, sum(rate(response_latency_ms_bucket{namespace="test",deployment=~"podinfo",direction="inbound"}[30s])) by (le))',
    );
  });

  it('queries the canary ingress for nginx', () => {
    const spec = rollout({
      provider: 'nginx',
      ingressRef: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        name: 'podinfo-ing',
      },
    });
    const { template } = renderBuiltinQuery(spec, spec.analysis.metrics[1]);
    expect(template).toContain('ingress="podinfo-ing",canary!=""');
    expect(template).toMatch(/\* 1000$/);
  });

  it('names the APISIX route and the Contour service', () => {
    const apisix = rollout({
      provider: 'apisix',
      routeRef: {
        apiVersion: 'apisix.apache.org/v2',
        kind: 'ApisixRoute',
        name: 'web',
      },
    });
    expect(
      renderBuiltinQuery(apisix, apisix.analysis.metrics[0]).template,
    ).toContain('route=~"test_web-podinfo-canary_.+"');
    const contour = rollout({
      provider: 'contour',
      service: { port: 80, name: 'front' },
    });
    expect(
      renderBuiltinQuery(contour, contour.analysis.metrics[0]).template,
    ).toContain('envoy_cluster_name=~"test_front-canary_[0-9a-zA-Z-]+"');
  });

  it('scales app-level durations from seconds to milliseconds for kubernetes and Gateway API', () => {
    const spec = rollout({
      provider: 'gatewayapi:v1',
      service: { port: 80, gatewayRefs: [{ name: 'gw' }] },
    });
    expect(renderBuiltinQuery(spec, spec.analysis.metrics[1])).toEqual({
      template:
        'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{kubernetes_namespace="test",kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[30s])) by (le))',
      scale: 1000,
    });
    expect(builtinQuery('kubernetes', 'request-success-rate').scale).toBe(1);
  });

  it('renders traefik queries with the crd service name', () => {
    const spec = rollout({ provider: 'traefik' });
    expect(
      renderBuiltinQuery(spec, spec.analysis.metrics[0]).template,
    ).toContain('service=~"test-podinfo-canary-[0-9a-zA-Z-]+@kubernetescrd"');
  });

  it('refuses a non-builtin metric', () => {
    const spec = rollout({});
    expect(() => renderBuiltinQuery(spec, spec.analysis.metrics[2])).toThrow(
      '"error-rate" is not a builtin metric',
    );
  });
});

describe('renderMetricQuery', () => {
  it('substitutes MetricTemplate variables, including templateVariables', () => {
    const spec = rollout({});
    const query =
      'sum(rate(http_requests_total{namespace="{{ namespace }}",app="{{ target }}",svc="{{ service }}",code=~"{{ variables.code }}"}[{{ interval }}])) by ({{ name }})';
    expect(renderMetricQuery(query, spec, spec.analysis.metrics[2])).toBe(
      'sum(rate(http_requests_total{namespace="test",app="podinfo",svc="podinfo",code=~"5.."}[1m])) by (podinfo)',
    );
  });

  it('fails on variables the rollout does not define', () => {
    const spec = rollout({});
    expect(() =>
      renderMetricQuery(
        'x{ingress="{{ ingress }}"}',
        spec,
        spec.analysis.metrics[2],
      ),
    ).toThrow('template variable "ingress" is not defined');
    expect(() =>
      renderMetricQuery(
        '{{ variables.missing }}',
        spec,
        spec.analysis.metrics[2],
      ),
    ).toThrow('template variable "variables.missing" is not defined');
  });
});
