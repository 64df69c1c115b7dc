import { waitUntil } from './waitUntil';
import { startTrafficSimulator, TrafficSimulator } from './trafficSimulator';

/** Reads one sample from the text exposition by exact series text. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find(l => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('startTrafficSimulator', () => {
  let sim: TrafficSimulator;
  afterEach(() => sim?.close());

  it('splits requests by weight and fails exactly errorRate of them', async () => {
    sim = await startTrafficSimulator({
      tickIntervalMs: 0,
      requestsPerSecond: 100,
    });
    sim.setWeights({ canary: 20 });
    sim.setWorkload('canary', { errorRate: 0.1, latencyMs: 200 });
    await sim.tick(1);
    await sim.tick(2);

    expect(sim.totals('canary')).toEqual({ requests: 60, errors: 6 });
    expect(sim.totals('primary')).toEqual({ requests: 240, errors: 0 });

    const text = await (await fetch(sim.metricsUrl)).text();
    const istio = (workload: string, code: string) =>
      sample(
        text,
        `istio_requests_total{reporter="destination",source_workload="istio-ingressgateway",source_workload_namespace="istio-system",destination_workload="${workload}",destination_workload_namespace="test",destination_service_name="${
          workload === 'podinfo' ? 'podinfo-canary' : 'podinfo-primary'
        }",destination_service_namespace="test",response_code="${code}"}`,
      );
    expect(istio('podinfo', '200')).toBe(54);
    expect(istio('podinfo', '500')).toBe(6);
    expect(istio('podinfo-primary', '200')).toBe(240);
    expect(istio('podinfo-primary', '500')).toBe(0);
    expect(text).toContain(
      '# TYPE istio_request_duration_milliseconds histogram',
    );
    expect(text).toMatch(
      /istio_request_duration_milliseconds_bucket\{reporter="destination",[^}]*destination_workload="podinfo",[^}]*response_code="200",le="200"\} 54/,
    );
    expect(text).toMatch(
      /nginx_ingress_controller_requests\{namespace="test",ingress="podinfo",service="podinfo-canary",canary="test-podinfo-canary-80",status="500",method="GET",path="\/"\} 6/,
    );
  });

  it('exports each provider’s metric names', async () => {
    sim = await startTrafficSimulator({ tickIntervalMs: 0 });
    const text = await (await fetch(sim.metricsUrl)).text();
    for (const name of [
      'istio_requests_total',
      'istio_request_duration_milliseconds_bucket',
      'nginx_ingress_controller_requests',
      'nginx_ingress_controller_response_duration_seconds_sum',
      'nginx_ingress_controller_response_duration_seconds_count',
      'apisix_http_status',
      'apisix_http_latency_bucket',
      'envoy_cluster_upstream_rq',
      'envoy_cluster_upstream_rq_time_bucket',
      'http_request_duration_seconds_count',
      'http_request_duration_seconds_bucket',
      'response_total',
      'response_latency_ms_bucket',
      'traefik_service_request_duration_seconds_bucket',
    ]) {
      expect(text).toMatch(new RegExp(`^${name}\\{`, 'm'));
    }
  });

  it('ticks on its own and is driven over HTTP', async () => {
    sim = await startTrafficSimulator({
      tickIntervalMs: 20,
      apps: [{ name: 'web', namespace: 'shop' }],
    });
    const put = (path: string, body: unknown) =>
      fetch(`${sim.url}${path}`, { method: 'PUT', body: JSON.stringify(body) });
    // Errors first: the canary gets no requests until its weight is set.
    expect(
      (await put('/apps/web/workloads/canary', { errorRate: 0.5 })).status,
    ).toBe(200);
    expect((await put('/apps/shop%2Fweb/weights', { canary: 50 })).status).toBe(
      200,
    );
    expect(
      (await put('/apps/web/workloads/canary', { errorRate: 2 })).status,
    ).toBe(400);
    expect(sim.weights('web')).toEqual({ primary: 50, canary: 50 });

    const { requests, errors } = await waitUntil(
      () => sim.totals('canary', 'web'),
      {
        description: 'requests to reach the canary',
        timeoutMs: 10_000,
        intervalMs: 20,
        until: totals => totals.requests > 0,
      },
    );
    expect(requests).toBeGreaterThan(0);
    expect(errors / requests).toBeCloseTo(0.5, 10);

    const state = await (await fetch(`${sim.url}/state`)).json();
    expect(state[0]).toMatchObject({
      name: 'web',
      namespace: 'shop',
      weights: { canary: 50 },
    });
  });

  it('rejects invalid settings', async () => {
    sim = await startTrafficSimulator({ tickIntervalMs: 0 });
    expect(() => sim.setWeights({ canary: 120 })).toThrow(/invalid weights/);
    expect(() => sim.setWorkload('canary', { errorRate: -1 })).toThrow(
      /errorRate/,
    );
    expect(() => sim.weights('nope')).toThrow(/unknown app nope/);
  });

  it('needs a kubeconfig for apps that read routing objects', async () => {
    await expect(
      startTrafficSimulator({
        apps: [{ name: 'a', routing: { provider: 'istio' } }],
      }),
    ).rejects.toThrow(/need kubeconfigPath/);
  });
  it('adds an app over HTTP, with its own series and control routes', async () => {
    sim = await startTrafficSimulator({ tickIntervalMs: 0 });
    const added = await fetch(`${sim.url}/apps`, {
      method: 'POST',
      body: JSON.stringify({ name: 'web', namespace: 'shop' }),
    });
    expect(added.status).toBe(201);
    const again = await fetch(`${sim.url}/apps`, {
      method: 'POST',
      body: JSON.stringify({ name: 'web', namespace: 'shop' }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: 'traffic simulator: app shop/web exists',
    });
    await fetch(`${sim.url}/apps/web/weights`, {
      method: 'PUT',
      body: JSON.stringify({ canary: 50 }),
    });
    await sim.tick(1);
    expect(sim.totals('canary', 'web')).toEqual({ requests: 50, errors: 0 });
    expect(sim.totals('canary')).toEqual({ requests: 0, errors: 0 });
    const text = await (await fetch(sim.metricsUrl)).text();
    expect(text).toMatch(
      /istio_requests_total\{reporter="destination",[^}]*destination_workload="web",destination_workload_namespace="shop",[^}]*response_code="200"\} 50/,
    );
  });
});
