import { prometheusOutcome, prometheusRequest } from './prometheus';
import type { AnalysisMetric, PrometheusMetric } from './types';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

const metric = (prometheus: Partial<PrometheusMetric>): AnalysisMetric => ({
  name: 'm',
  provider: { prometheus: { query: 'up', ...prometheus } },
});

const answer = (body: unknown, status = 200) => ({
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const success = (resultType: string, result: unknown, warnings?: string[]) =>
  answer({
    status: 'success',
    data: { resultType, result },
    ...(warnings ? { warnings } : {}),
  });

describe('prometheusRequest', () => {
  it('builds an instant query with headers, timeout and TLS setting', () => {
    const built = prometheusRequest(
      metric({
        address: 'http://prometheus.example.com:9090',
        query: 'sum(rate(x[5m]))',
        timeout: 40,
        insecure: true,
        headers: [
          { key: 'x-scope-orgid', value: 'tenant_a' },
          { key: 'X-Scope-OrgID', value: 'tenant_b' },
        ],
      }),
      { now: NOW },
    );
    expect(built).toEqual({
      request: {
        url: `http://prometheus.example.com:9090/api/v1/query?query=sum%28rate%28x%5B5m%5D%29%29&time=${
          NOW / 1000
        }`,
        address: 'http://prometheus.example.com:9090',
        query: 'sum(rate(x[5m]))',
        range: undefined,
        // http.Header.Set: one canonical name, the last value.
        headers: { 'X-Scope-Orgid': 'tenant_b' },
        timeoutMs: 40_000,
        insecure: true,
      },
    });
  });

  it('defaults to 30 s and to the configured server, keeping a path prefix', () => {
    const built = prometheusRequest(metric({}), {
      now: NOW,
      defaultAddress: 'http://prometheus:9090/prom',
    });
    expect(built.error).toBeUndefined();
    expect(built.request!.timeoutMs).toBe(30_000);
    expect(
      built.request!.url.startsWith(
        'http://prometheus:9090/prom/api/v1/query?query=up',
      ),
    ).toBe(true);
  });

  it('evaluates a range query from now', () => {
    const built = prometheusRequest(
      metric({
        address: 'http://p',
        rangeQuery: {
          start: 'now() - duration("5m")',
          end: 'now()',
          step: '1m',
        },
      }),
      { now: NOW },
    );
    expect(built.request!.range).toEqual({
      start: NOW - 300_000,
      end: NOW,
      stepSeconds: 60,
    });
    const url = new URL(built.request!.url);
    expect(url.pathname).toBe('/api/v1/query_range');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      query: 'up',
      start: String((NOW - 300_000) / 1000),
      end: String(NOW / 1000),
      step: '60',
    });
  });

  it("fails as Argo's provider fails", () => {
    expect(prometheusRequest(metric({}), { now: NOW })).toEqual({
      error: 'prometheus address is not configured',
    });
    expect(
      prometheusRequest(metric({ address: 'prometheus:9090' }), { now: NOW }),
    ).toEqual({
      error: 'prometheus address is not is url format',
    });
    expect(
      prometheusRequest(metric({ address: 'http://p', timeout: -1 }), {
        now: NOW,
      }),
    ).toEqual({
      error: 'prometheus timeout should not be negative',
    });
    expect(
      prometheusRequest(
        metric({
          address: 'http://p',
          rangeQuery: {
            start: 'now() - duration("5x")',
            end: 'now()',
            step: '1m',
          },
        }),
        { now: NOW },
      ),
    ).toEqual({
      error:
        'failed to parse rangeQuery.start as time: time: invalid duration "5x"',
    });
    expect(
      prometheusRequest(
        metric({
          address: 'http://p',
          rangeQuery: { start: 'now()', end: 'now()' },
        }),
        { now: NOW },
      ),
    ).toEqual({
      error:
        'failed to parse rangeQuery.step as duration: time: invalid duration ""',
    });
  });
});

describe('prometheusOutcome', () => {
  it('passes a scalar as a number', () => {
    expect(prometheusOutcome(success('scalar', [1, '10']))).toEqual({
      value: '10',
      result: 10,
      metadata: undefined,
    });
  });

  it('passes a vector as the list of its values; no series is []', () => {
    expect(
      prometheusOutcome(
        success('vector', [
          { metric: { a: '1' }, value: [1, '10'] },
          { metric: { a: '2' }, value: [1, '11'] },
        ]),
      ),
    ).toEqual({ value: '[10,11]', result: [10, 11], metadata: undefined });
    expect(prometheusOutcome(success('vector', []))).toEqual({
      value: '[]',
      result: [],
      metadata: undefined,
    });
  });

  it('keeps NaN and infinities, printed as Argo prints them', () => {
    const nan = prometheusOutcome(success('scalar', [1, 'NaN']));
    expect(nan.value).toBe('NaN');
    expect(Number.isNaN(nan.result)).toBe(true);
    expect(
      prometheusOutcome(
        success('vector', [{ value: [1, '+Inf'] }, { value: [1, '-Inf'] }]),
      ),
    ).toEqual({
      value: '[+Inf,-Inf]',
      result: [Infinity, -Infinity],
      metadata: undefined,
    });
    expect(prometheusOutcome(success('scalar', [1, '0.0000001'])).value).toBe(
      '0.0000001',
    );
  });

  it("flattens a range query's matrix into one list", () => {
    expect(
      prometheusOutcome(
        success('matrix', [
          {
            metric: {},
            values: [
              [1, '1'],
              [2, '2'],
            ],
          },
          { metric: {}, values: [[1, '3']] },
        ]),
      ),
    ).toEqual({ value: '[1,2,3]', result: [1, 2, 3], metadata: undefined });
  });

  it("keeps Prometheus' warnings as the measurement's metadata", () => {
    expect(
      prometheusOutcome(success('vector', [], ['a', 'b'])).metadata,
    ).toEqual({
      warnings: '"a", "b"',
    });
  });

  it('reports errors as the Prometheus client does', () => {
    expect(prometheusOutcome(success('string', [1, 'x']))).toEqual({
      error: 'Prometheus metric type not supported',
    });
    expect(
      prometheusOutcome(
        answer(
          {
            status: 'error',
            errorType: 'bad_data',
            error: 'parse error at char 4',
          },
          400,
        ),
      ),
    ).toEqual({ error: 'bad_data: parse error at char 4' });
    expect(prometheusOutcome(answer('<html>bad gateway</html>', 502))).toEqual({
      error: 'server_error: server error: 502',
    });
    expect(prometheusOutcome(answer('not found', 404))).toEqual({
      error: 'client_error: client error: 404',
    });
    expect(prometheusOutcome(answer('oops', 200))).toEqual({
      error: 'bad_response: the answer (HTTP 200) is not JSON',
    });
    expect(
      prometheusOutcome(answer({ status: 'success', data: {} }, 503)),
    ).toEqual({
      error: 'bad_response: inconsistent body for response code',
    });
  });
});
