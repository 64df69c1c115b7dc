import { webOutcome, webRequest } from './web';
import type { AnalysisMetric, WebMetric } from './types';

const metric = (web: Partial<WebMetric>): AnalysisMetric => ({
  name: 'webmetric',
  provider: {
    web: { url: 'http://my-server.com/api/v1/measurement?service=x', ...web },
  },
});

const ok = (body: unknown) => ({
  status: 200,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('webRequest', () => {
  it('builds a GET with canonical headers and the default timeout', () => {
    expect(
      webRequest(
        metric({ headers: [{ key: 'authorization', value: 'Bearer t' }] }),
      ),
    ).toEqual({
      request: {
        url: 'http://my-server.com/api/v1/measurement?service=x',
        method: 'GET',
        headers: { Authorization: 'Bearer t' },
        body: undefined,
        timeoutMs: 10_000,
        insecure: false,
      },
    });
    expect(webRequest(metric({ timeoutSeconds: -5 })).request!.timeoutMs).toBe(
      10_000,
    );
    expect(webRequest(metric({ timeoutSeconds: 20 })).request!.timeoutMs).toBe(
      20_000,
    );
  });

  it('sends a jsonBody as Go marshals it, with a JSON content type', () => {
    const built = webRequest(
      metric({
        method: 'POST',
        headers: [{ key: 'Content-Type', value: 'text/plain' }],
        jsonBody: { key2: { nestedObj: 'nested value' }, key1: 'value_1' },
      }),
    );
    expect(built.request).toMatchObject({
      method: 'POST',
      body: '{"key1":"value_1","key2":{"nestedObj":"nested value"}}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(
      webRequest(metric({ method: 'PUT', body: 'string value' })).request!.body,
    ).toBe('string value');
  });

  it("fails as Argo's web provider fails", () => {
    expect(webRequest(metric({ body: 'x' }))).toEqual({
      error:
        'Body/JSONBody can only be used with POST or PUT WebMetric Method types',
    });
    expect(
      webRequest(metric({ method: 'POST', body: 'x', jsonBody: {} })),
    ).toEqual({
      error:
        'use either Body or JSONBody; both cannot exists for WebMetric payload',
    });
    expect(webRequest(metric({ url: 'my-server/x' }))).toEqual({
      error: 'parse "my-server/x": invalid URL',
    });
    expect(webRequest(metric({ url: 'ftp://x/' }))).toEqual({
      error: 'Get "ftp://x/": unsupported protocol scheme "ftp"',
    });
    expect(
      webRequest(metric({ headers: [{ key: 'A', value: 'x\r\ny' }] })),
    ).toEqual({
      error: 'net/http: invalid header field value for "A"',
    });
    expect(webRequest(metric({ jsonPath: '{$.a' }))).toEqual({
      error: 'unclosed action',
    });
  });
});

describe('webOutcome', () => {
  it("takes the jsonPath's value as the result (docs/analysis/web.md)", () => {
    const payload = { data: { ok: true, successPercent: 0.95 } };
    expect(
      webOutcome(metric({ jsonPath: '{$.data.ok}' }), ok(payload)),
    ).toEqual({
      value: 'true',
      result: true,
    });
    expect(webOutcome(metric({ jsonPath: '{$.data}' }), ok(payload))).toEqual({
      value: '{"ok":true,"successPercent":0.95}',
      result: { ok: true, successPercent: 0.95 },
    });
    expect(webOutcome(metric({}), ok([1, 2]))).toEqual({
      value: '[1,2]',
      result: [1, 2],
    });
    expect(
      webOutcome(
        metric({ jsonPath: '{$.results.ok}' }),
        ok({ results: { ok: 'true' } }),
      ),
    ).toEqual({
      value: '"true"',
      result: 'true',
    });
  });

  it('takes a body that is not JSON as Successful, without the conditions, as Argo does', () => {
    expect(
      webOutcome(metric({ jsonPath: '{$.data.ok}' }), ok('healthy')),
    ).toEqual({
      value: 'healthy',
      phase: 'Successful',
    });
  });

  it('fails on anything but 2xx, and on a path the body lacks', () => {
    expect(webOutcome(metric({}), { status: 503, body: '{}' })).toEqual({
      error: 'received non 2xx response code: 503',
    });
    expect(
      webOutcome(metric({ jsonPath: '{$.data.ok}' }), ok({ data: {} })),
    ).toEqual({
      error: 'Could not find JSONPath in body: ok is not found',
    });
  });
});
