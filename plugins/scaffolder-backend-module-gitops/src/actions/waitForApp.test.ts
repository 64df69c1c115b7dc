import { mockServices } from '@backstage/backend-test-utils';
import type { GitopsApp } from '@slipway/plugin-gitops-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockContext } from '../__testUtils__/gitTestUtils';
import { createGitopsAppWaitAction } from './waitForApp';

const app = (cluster: string, sync: string, health: string): GitopsApp =>
  ({
    key: `component:default/payments@${cluster}`,
    entityRef: 'component:default/payments',
    cluster,
    syncStatus: sync,
    healthStatus: health,
    revision: 'abc123',
    updatedAt: '2026-01-01T00:00:00Z',
  } as GitopsApp);

describe('gitops:app:wait against a local HTTP server', () => {
  let server: http.Server;
  let baseUrl: string;
  // Each poll takes the next answer; the last one repeats.
  let answers: Array<{ status: number; items?: GitopsApp[] }>;
  const requests: Array<{ url?: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push({ url: req.url, authorization: req.headers.authorization });
      const answer = answers.length > 1 ? answers.shift()! : answers[0];
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          answer.items
            ? { items: answer.items }
            : { error: { name: 'NotFoundError', message: 'nope' } },
        ),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/gitops`;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  async function run(input: Record<string, unknown>) {
    const action = createGitopsAppWaitAction({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => baseUrl,
      }),
      auth: mockServices.auth(),
    });
    const { ctx } = mockContext({ intervalSeconds: 0.01, ...input });
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);
    return { ctx, logs: info.mock.calls.map(([m]) => m) };
  }

  it('waits through 404 and progress until every cluster is Synced and Healthy', async () => {
    answers = [
      { status: 404 },
      { status: 200, items: [app('staging', 'OutOfSync', 'Progressing')] },
      {
        status: 200,
        items: [
          app('staging', 'Synced', 'Progressing'),
          app('production', 'OutOfSync', 'Missing'),
        ],
      },
      {
        status: 200,
        items: [
          app('staging', 'Synced', 'Healthy'),
          app('production', 'Synced', 'Healthy'),
        ],
      },
    ];
    const { ctx, logs } = await run({
      entityRef: 'component:default/payments',
      clusters: ['staging', 'production'],
    });

    expect(requests[0].url).toBe(
      '/api/gitops/entities/default/component/payments/apps',
    );
    expect(requests[0].authorization).toMatch(/^Bearer .+/);
    expect(logs).toEqual([
      'staging: not known yet, production: not known yet',
      'staging: OutOfSync/Progressing, production: not known yet',
      'staging: Synced/Progressing, production: OutOfSync/Missing',
      'staging: Synced/Healthy, production: Synced/Healthy',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('apps', [
      {
        cluster: 'staging',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: 'abc123',
      },
      {
        cluster: 'production',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: 'abc123',
      },
    ]);
  });

  it('times out with the last state', async () => {
    answers = [{ status: 200, items: [app('staging', 'Synced', 'Degraded')] }];
    await expect(
      run({ entityRef: 'payments', timeoutSeconds: 1, intervalSeconds: 0.2 }),
    ).rejects.toThrow(
      /Timed out after 1s waiting for payments to be Synced and Healthy; last state: staging: Synced\/Degraded/,
    );
  });

  it('fails at once on an Invalid app', async () => {
    answers = [
      {
        status: 200,
        items: [
          {
            ...app('staging', 'Invalid', 'Unknown'),
            message: 'bad annotation',
          },
        ],
      },
    ];
    await expect(
      run({ entityRef: 'component:default/payments' }),
    ).rejects.toThrow(
      /App component:default\/payments@staging is Invalid: bad annotation/,
    );
    expect(requests).toHaveLength(1);
  });

  it('reports a refused read', async () => {
    answers = [{ status: 403 }];
    await expect(
      run({ entityRef: 'component:default/payments' }),
    ).rejects.toThrow(/403/);
  });
});
