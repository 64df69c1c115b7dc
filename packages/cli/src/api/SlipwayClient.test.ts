import { CliError } from '../exitCodes';
import { ApiError } from './ApiError';
import { pluginBaseUrl, requestPath } from './SlipwayClient';

describe('pluginBaseUrl', () => {
  it('adds /api/gitops to the backend URL, once', () => {
    expect(pluginBaseUrl('https://backstage.example.com')).toBe(
      'https://backstage.example.com/api/gitops',
    );
    expect(pluginBaseUrl('https://example.com/portal/')).toBe(
      'https://example.com/portal/api/gitops',
    );
    expect(pluginBaseUrl('http://localhost:7007/api/gitops/')).toBe(
      'http://localhost:7007/api/gitops',
    );
  });

  it('refuses what is no http(s) URL as a usage error', () => {
    expect(() => pluginBaseUrl('localhost:7007')).toThrow(CliError);
    expect(() => pluginBaseUrl('backstage')).toThrow(
      "--server 'backstage' is no URL",
    );
  });
});

describe('requestPath', () => {
  it('encodes path parameters and form-encodes the query, leaving out unset values', () => {
    expect(
      requestPath('getApp', {
        path: {
          namespace: 'default',
          kind: 'component',
          name: 'web',
          cluster: 'eu west',
        },
      }),
    ).toBe('/entities/default/component/web/apps/eu%20west');
    expect(
      requestPath('listHistory', {
        path: { namespace: 'default', kind: 'component', name: 'web' },
        query: { cluster: 'eu west', limit: 5, offset: undefined },
      }),
    ).toBe('/entities/default/component/web/history?cluster=eu+west&limit=5');
  });
});

describe('ApiError', () => {
  const answer = (status: number, body: string) =>
    new Response(body, { status });

  it("carries the message of Backstage's error body, and the exit code of its status", async () => {
    const error = await ApiError.fromResponse(
      answer(
        403,
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: "Permission 'gitops.sync.trigger' denied",
          },
        }),
      ),
    );
    expect(error.message).toBe(
      "Permission 'gitops.sync.trigger' denied (HTTP 403)",
    );
    expect(error.exitCode).toBe(3);
    expect(error.errorName).toBe('NotAllowedError');
  });

  it('maps statuses to exit codes', async () => {
    const codes = await Promise.all(
      [400, 401, 404, 409, 500, 503].map(
        async status =>
          (
            await ApiError.fromResponse(answer(status, '{}'))
          ).exitCode,
      ),
    );
    expect(codes).toEqual([2, 3, 4, 7, 1, 1]);
  });

  it('shows the start of a body that is no error body', async () => {
    const error = await ApiError.fromResponse(
      answer(502, '<html>\n  <body>Bad gateway</body></html>'),
    );
    expect(error.message).toBe(
      '<html> <body>Bad gateway</body></html> (HTTP 502)',
    );
  });
});
