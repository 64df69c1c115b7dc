import { Prometheus, startPrometheus } from './prometheus';
import { startTrafficSimulator, TrafficSimulator } from './trafficSimulator';

// The builtin queries of docs/rollout-engine.md#metrics, with the
// template variables filled in for podinfo in namespace test and a
// window short enough for a test.
const ns = 'test';
const target = 'podinfo';
const interval = '5s';

const QUERIES = {
  istioSuccessRate: `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}",destination_workload=~"${target}",response_code!~"5.*"}[${interval}])) / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}",destination_workload=~"${target}"}[${interval}])) * 100`,
  istioDuration: `histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="${ns}",destination_workload=~"${target}"}[${interval}])) by (le))`,
  nginxSuccessRate: `sum(rate(nginx_ingress_controller_requests{namespace="${ns}",ingress="${target}",canary!="",status!~"5.*"}[${interval}])) / sum(rate(nginx_ingress_controller_requests{namespace="${ns}",ingress="${target}",canary!=""}[${interval}])) * 100`,
  nginxDuration: `sum(rate(nginx_ingress_controller_response_duration_seconds_sum{namespace="${ns}",ingress="${target}",canary!=""}[${interval}])) / sum(rate(nginx_ingress_controller_response_duration_seconds_count{namespace="${ns}",ingress="${target}",canary!=""}[${interval}])) * 1000`,
  apisixSuccessRate: `sum(rate(apisix_http_status{route=~"${ns}_${target}-${target}-canary_.+",code!~"5.."}[${interval}])) / sum(rate(apisix_http_status{route=~"${ns}_${target}-${target}-canary_.+"}[${interval}])) * 100`,
  apisixDuration: `histogram_quantile(0.99, sum(rate(apisix_http_latency_bucket{type=~"request",route=~"${ns}_${target}-${target}-canary_.+"}[${interval}])) by (le))`,
  envoySuccessRate: `sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~"${ns}_${target}-canary_[0-9a-zA-Z-]+",envoy_response_code!~"5.*"}[${interval}])) / sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~"${ns}_${target}-canary_[0-9a-zA-Z-]+",}[${interval}])) * 100`,
  envoyDuration: `histogram_quantile(0.99, sum(rate(envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=~"${ns}_${target}-canary_[0-9a-zA-Z-]+",}[${interval}])) by (le))`,
  gatewaySuccessRate: `sum(rate(http_request_duration_seconds_count{kubernetes_namespace="${ns}",kubernetes_pod_name=~"${target}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)",status!~"5.*"}[${interval}])) / sum(rate(http_request_duration_seconds_count{kubernetes_namespace="${ns}",kubernetes_pod_name=~"${target}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[${interval}])) * 100`,
  gatewayDuration: `histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{kubernetes_namespace="${ns}",kubernetes_pod_name=~"${target}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"}[${interval}])) by (le))`,
  linkerdSuccessRate: `sum(rate(response_total{namespace="${ns}",deployment=~"${target}",classification!="failure",direction="inbound"}[${interval}])) / sum(rate(response_total{namespace="${ns}",deployment=~"${target}",direction="inbound"}[${interval}])) * 100`,
  traefikSuccessRate: `sum(rate(traefik_service_request_duration_seconds_bucket{service=~"${ns}-${target}-canary-[0-9a-zA-Z-]+@kubernetescrd",code!~"5..",le="+Inf"}[${interval}])) / sum(rate(traefik_service_request_duration_seconds_bucket{service=~"${ns}-${target}-canary-[0-9a-zA-Z-]+@kubernetescrd",le="+Inf"}[${interval}])) * 100`,
  canaryShare: `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}",destination_workload=~"${target}"}[${interval}])) / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}"}[${interval}])) * 100`,
};

jest.setTimeout(60_000);

describe('Prometheus scraping the traffic simulator', () => {
  let sim: TrafficSimulator;
  let prometheus: Prometheus;

  beforeAll(async () => {
    sim = await startTrafficSimulator({
      apps: [{ name: target, namespace: ns }],
      requestsPerSecond: 100,
      tickIntervalMs: 250,
    });
    // Canary at weight 20 failing 10% at 200 ms; primary healthy at 20 ms.
    sim.setWeights({ canary: 20 });
    sim.setWorkload('canary', { errorRate: 0.1, latencyMs: 200 });
    sim.setWorkload('primary', { errorRate: 0, latencyMs: 20 });
    prometheus = await startPrometheus({ scrapeTargets: [sim.scrapeTarget] });
  });

  afterAll(async () => {
    await prometheus?.close();
    await sim?.close();
  });

  const settled = (promql: string) =>
    prometheus.waitFor(promql, undefined, 30_000);

  it('measures the canary success rate with the istio and nginx builtin queries', async () => {
    expect(await settled(QUERIES.istioSuccessRate)).toBeCloseTo(90, 1);
    expect(await settled(QUERIES.nginxSuccessRate)).toBeCloseTo(90, 1);
  });

  it('measures the canary success rate for the other providers', async () => {
    expect(await settled(QUERIES.envoySuccessRate)).toBeCloseTo(90, 1);
    expect(await settled(QUERIES.gatewaySuccessRate)).toBeCloseTo(90, 1);
    expect(await settled(QUERIES.linkerdSuccessRate)).toBeCloseTo(90, 1);
    expect(await settled(QUERIES.traefikSuccessRate)).toBeCloseTo(90, 1);
    // APISIX's canary route carries both backends: 20% × 10% errors = 2%.
    expect(await settled(QUERIES.apisixSuccessRate)).toBeCloseTo(98, 1);
  });

  it('measures the canary latency', async () => {
    // One latency fills one bucket; histogram_quantile interpolates inside it.
    const p99 = (value: number) => expect(value).toBeGreaterThan(190);
    p99(await settled(QUERIES.istioDuration));
    expect(await settled(QUERIES.istioDuration)).toBeLessThanOrEqual(200);
    expect(await settled(QUERIES.envoyDuration)).toBeLessThanOrEqual(200);
    expect(await settled(QUERIES.gatewayDuration)).toBeLessThanOrEqual(0.2);
    expect(await settled(QUERIES.nginxDuration)).toBeCloseTo(200, 6);
    // The APISIX route mixes primary (20 ms) and canary (200 ms) requests.
    expect(await settled(QUERIES.apisixDuration)).toBeGreaterThan(190);
  });

  it('follows a weight change', async () => {
    expect(await settled(QUERIES.canaryShare)).toBeCloseTo(20, 1);
    sim.setWeights({ canary: 50 });
    sim.setWorkload('canary', { errorRate: 0 });
    // Once the 5s window holds only new samples, the share is exactly 50.
    await prometheus.waitFor(
      QUERIES.canaryShare,
      v => Math.abs(v - 50) < 0.01,
      30_000,
    );
    expect(await settled(QUERIES.istioSuccessRate)).toBe(100);
  });

  it('returns undefined for no data and rejects several series or bad PromQL', async () => {
    expect(
      await prometheus.query(
        'istio_requests_total{destination_workload="nobody"}',
      ),
    ).toBeUndefined();
    expect(await prometheus.query('0/0')).toBeUndefined();
    await expect(prometheus.query('istio_requests_total')).rejects.toThrow(
      /series/,
    );
    await expect(prometheus.query('sum(')).rejects.toThrow(
      /Prometheus query failed \(400\)/,
    );
  });
});
