import { waitUntil } from '@internal/test-env';
import { projectOutboundPolicy } from '../../outbound';
import { testProject } from '../../__testUtils__/testProject';
import { PrometheusProvider } from './PrometheusProvider';
import {
  simulatedCanary,
  testPrometheusUrl,
} from './__testUtils__/simulatedCanary';
import {
  closedPort,
  prometheusVector,
  recordingServer,
} from './__testUtils__/localServers';

describe('PrometheusProvider', () => {
  const provider = new PrometheusProvider();
  const query = (promql: string, address = testPrometheusUrl()) =>
    provider.query(promql, { address });

  it('returns the single value of an instant vector', async () => {
    const app = await simulatedCanary({ canaryWeight: 50, errorRate: 0.2 });
    const successRate = `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${app.namespace}",destination_workload=~"${app.name}",response_code!~"5.*"}[1m])) / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${app.namespace}",destination_workload=~"${app.name}"}[1m])) * 100`;
    const value = await waitUntil(() => query(successRate), {
      description: 'the success rate in Prometheus',
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    expect(value).toBeCloseTo(80, 1);
  });

  it('returns scalars', async () => {
    expect(await query('scalar(vector(42))')).toBe(42);
  });

  it('reports no data as undefined: an empty vector or NaN', async () => {
    expect(
      await query(
        'istio_requests_total{destination_workload="no-such-workload"}',
      ),
    ).toBeUndefined();
    // A canary without traffic divides zero by zero.
    expect(await query('vector(0) / vector(0)')).toBeUndefined();
  });

  it('refuses more than one series and range vectors', async () => {
    await expect(
      query('vector(1) or label_replace(vector(2), "copy", "yes", "", "")'),
    ).rejects.toThrow('query returned 2 series; a check needs exactly one');
    await expect(query('vector(1)[1m:10s]')).rejects.toThrow(
      /^query returned a range vector \(1 series\); a check needs one instant value$/,
    );
  });

  it("names the status and Prometheus' error type, never its text", async () => {
    await expect(query('sum(')).rejects.toThrow(
      /^Prometheus answered HTTP 400 Bad Request \(bad_data\)$/,
    );
  });

  it("keeps a server's answer out of the message", async () => {
    const server = await recordingServer({
      status: 500,
      body: JSON.stringify({
        status: 'error',
        errorType: 'token=abc123',
        error: 'the secret is abc123',
      }),
    });
    try {
      await expect(query('vector(1)', server.url)).rejects.toThrow(
        /^Prometheus answered HTTP 500 Internal Server Error$/,
      );
    } finally {
      await server.close();
    }
  });

  it("refuses an address outside the project's outboundHosts: the server sees nothing", async () => {
    const server = await recordingServer({ status: 200, body: '{}' });
    try {
      const policy = projectOutboundPolicy(
        testProject({
          name: 'team-a',
          outboundHosts: ['prometheus.team-a:9090'],
        }),
      );
      await expect(
        provider.query('vector(1)', { address: server.url, policy }),
      ).rejects.toThrow(
        `Prometheus at ${server.url} refused: URL host ${
          new URL(server.url).host
        } is not in the outboundHosts of project 'team-a'`,
      );
      await expect(
        provider.query('vector(1)', {
          address: 'http://169.254.169.254/',
          policy: projectOutboundPolicy(testProject()),
        }),
      ).rejects.toThrow(
        'refused: URL host 169.254.169.254:80 is a cloud metadata address, which Slipway never calls',
      );
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('names an unreachable server', async () => {
    const address = `http://127.0.0.1:${await closedPort()}`;
    await expect(query('vector(1)', address)).rejects.toThrow(
      `Prometheus at ${address} is unreachable: connect ECONNREFUSED`,
    );
  });

  it('sends the query and the headers to <address>/api/v1/query', async () => {
    const server = await recordingServer(prometheusVector('7.5'));
    try {
      const value = await provider.query('up{job="a b"}', {
        address: `${server.url}/prometheus`,
        headers: { Authorization: 'Bearer abc', 'X-Scope-OrgID': 'team-a' },
      });
      expect(value).toBe(7.5);
      const [request] = server.requests;
      expect(request.method).toBe('GET');
      const url = new URL(request.url!, server.url);
      expect(url.pathname).toBe('/prometheus/api/v1/query');
      expect(url.searchParams.get('query')).toBe('up{job="a b"}');
      expect(request.headers.authorization).toBe('Bearer abc');
      expect(request.headers['x-scope-orgid']).toBe('team-a');
    } finally {
      await server.close();
    }
  });

  it('gives up after 5 seconds', async () => {
    const server = await recordingServer();
    try {
      await expect(query('vector(1)', server.url)).rejects.toThrow(
        `Prometheus at ${server.url} did not answer within 5000 ms`,
      );
    } finally {
      await server.close();
    }
  });

  it("stops when the caller's signal aborts", async () => {
    const server = await recordingServer();
    try {
      const controller = new AbortController();
      const pending = provider.query('vector(1)', {
        address: server.url,
        signal: controller.signal,
      });
      await waitUntil(() => server.requests.length > 0, {
        description: 'the query to reach the server',
      });
      controller.abort();
      await expect(pending).rejects.toThrow('This operation was aborted');
    } finally {
      await server.close();
    }
  });
});
