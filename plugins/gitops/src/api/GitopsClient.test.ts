import { GitopsClient } from './GitopsClient';

const entity = { kind: 'Component', namespace: 'default', name: 'pay ments' };

function clientAnswering(status: number, body: unknown) {
  const calls: string[] = [];
  const client = new GitopsClient({
    discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
    fetchApi: {
      fetch: async (input: RequestInfo | URL) => {
        calls.push(String(input));
        return new Response(JSON.stringify(body), {
          status,
          statusText: status === 200 ? 'OK' : 'Forbidden',
          headers: { 'Content-Type': 'application/json' },
        });
      },
    },
  });
  return { client, calls };
}

describe('GitopsClient', () => {
  it('builds entity URLs with encoded parts and lower-case kind', async () => {
    const { client, calls } = clientAnswering(200, { items: [] });
    await expect(client.listApps(entity)).resolves.toEqual([]);
    expect(calls).toEqual([
      'http://backend/api/gitops/entities/default/component/pay%20ments/apps',
    ]);
  });

  it('passes paging to the history route', async () => {
    const page = { items: [], totalCount: 0 };
    const { client, calls } = clientAnswering(200, page);
    await expect(
      client.listHistory(entity, { cluster: 'dev', offset: 20, limit: 10 }),
    ).resolves.toEqual(page);
    expect(calls[0]).toMatch(/\/history\?cluster=dev&offset=20&limit=10$/);
  });

  it('turns an error response into a ResponseError with the backend message', async () => {
    const { client } = clientAnswering(403, {
      error: {
        name: 'NotAllowedError',
        message: "Permission 'gitops.app.read' denied",
      },
      request: { method: 'GET', url: '/apps' },
      response: { statusCode: 403 },
    });
    await expect(client.listApps(entity)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      body: { error: { name: 'NotAllowedError' } },
    });
  });
});

describe('GitopsClient actions and details', () => {
  type Call = {
    url: string;
    method: string;
    body?: unknown;
    contentType?: string;
  };

  function recordingClient(
    status: number,
    responseBody: unknown | ((call: Call) => unknown),
  ) {
    const calls: Call[] = [];
    const client = new GitopsClient({
      operationPollMs: 1,
      discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
      fetchApi: {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          const call = {
            url: String(input),
            method: init?.method ?? 'GET',
            body: init?.body ? JSON.parse(String(init.body)) : undefined,
            contentType:
              new Headers(init?.headers).get('Content-Type') ?? undefined,
          };
          calls.push(call);
          const answer =
            typeof responseBody === 'function'
              ? responseBody(call)
              : responseBody;
          return new Response(JSON.stringify(answer), {
            status,
            statusText: status === 200 ? 'OK' : 'Error',
            headers: { 'Content-Type': 'application/json' },
          });
        },
      },
    });
    return { client, calls };
  }

  const base =
    'http://backend/api/gitops/entities/default/component/pay%20ments';
  const app = {
    key: 'component:default/pay ments@eu/west',
    cluster: 'eu/west',
  };
  const operation = (status: string, runId?: number) => ({
    operation: { id: 7, action: 'sync', status, runId },
    app,
  });

  it('reads one app with its resources from an encoded cluster path', async () => {
    const details = { app, resources: [{ id: 'apps/Deployment/default/pay' }] };
    const { client, calls } = recordingClient(200, details);
    await expect(client.getApp(entity, 'eu/west')).resolves.toEqual(details);
    expect(calls).toEqual([{ url: `${base}/apps/eu%2Fwest`, method: 'GET' }]);
  });

  it('reads one run with its resource results', async () => {
    const details = { run: { id: 42 }, resources: [] };
    const { client, calls } = recordingClient(200, details);
    await expect(client.getRun(entity, 42)).resolves.toEqual(details);
    expect(calls[0]).toEqual({ url: `${base}/runs/42`, method: 'GET' });
  });

  it('posts sync options as JSON and follows the operation until it ends', async () => {
    const answers = [operation('Running'), operation('Succeeded', 42)];
    const { client, calls } = recordingClient(202, (call: Call) =>
      call.method === 'POST' ? operation('Pending') : answers.shift(),
    );
    await expect(
      client.sync(entity, 'eu/west', {
        revision: 'v1.4.2',
        prune: true,
        dryRun: true,
      }),
    ).resolves.toEqual(operation('Succeeded', 42));
    expect(calls).toEqual([
      {
        url: `${base}/apps/eu%2Fwest/sync`,
        method: 'POST',
        body: { revision: 'v1.4.2', prune: true, dryRun: true },
        contentType: 'application/json',
      },
      { url: `${base}/apps/eu%2Fwest/operations/7`, method: 'GET' },
      { url: `${base}/apps/eu%2Fwest/operations/7`, method: 'GET' },
    ]);
  });

  it('posts an empty body for a default sync, refresh and unpin', async () => {
    const { client, calls } = recordingClient(202, operation('Succeeded'));
    await client.sync(entity, 'dev');
    await client.refresh(entity, 'dev');
    await client.unpin(entity, 'dev');
    expect(
      calls.map(c => [c.method, c.url.slice(base.length), c.body]),
    ).toEqual([
      ['POST', '/apps/dev/sync', {}],
      ['POST', '/apps/dev/refresh', {}],
      ['POST', '/apps/dev/unpin', {}],
    ]);
  });

  it('posts the run id for rollback and revert', async () => {
    const { client, calls } = recordingClient(200, (call: Call) =>
      call.url.endsWith('/revert')
        ? { sha: 'abc', app }
        : operation('Failed', 13),
    );
    await expect(client.rollback(entity, 'dev', 12)).resolves.toEqual(
      operation('Failed', 13),
    );
    await expect(client.revert(entity, 'dev', 12)).resolves.toEqual({
      sha: 'abc',
      app,
    });
    expect(calls.map(c => [c.url.slice(base.length), c.body])).toEqual([
      ['/apps/dev/rollback', { runId: 12 }],
      ['/apps/dev/revert', { runId: 12 }],
    ]);
  });

  it('turns a refused action into a ResponseError naming the permission', async () => {
    const { client } = recordingClient(403, {
      error: {
        name: 'NotAllowedError',
        message:
          "Permission 'gitops.rollback.trigger' denied on 'component:default/pay ments'",
      },
      request: { method: 'POST', url: '/rollback' },
      response: { statusCode: 403 },
    });
    await expect(client.rollback(entity, 'dev', 12)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      body: {
        error: { message: expect.stringContaining('gitops.rollback.trigger') },
      },
    });
  });

  it('turns a conflict on a failed run into a ResponseError', async () => {
    const { client } = recordingClient(409, {
      error: { name: 'ConflictError', message: "Sync run '3' did not succeed" },
      request: { method: 'POST', url: '/revert' },
      response: { statusCode: 409 },
    });
    await expect(client.revert(entity, 'dev', 3)).rejects.toMatchObject({
      statusCode: 409,
      body: { error: { name: 'ConflictError' } },
    });
  });
});

describe('GitopsClient fleet', () => {
  function answering(body: unknown) {
    const calls: string[] = [];
    const client = new GitopsClient({
      discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
      fetchApi: {
        fetch: async (input: RequestInfo | URL) => {
          calls.push(String(input));
          return new Response(JSON.stringify(body), {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          });
        },
      },
    });
    return { client, calls };
  }

  it('lists every readable app without filters', async () => {
    const { client, calls } = answering({ items: [{ key: 'a@dev' }] });
    await expect(client.listFleetApps()).resolves.toEqual([{ key: 'a@dev' }]);
    expect(calls).toEqual(['http://backend/api/gitops/apps']);
  });

  it('passes only the filters that are set', async () => {
    const { client, calls } = answering({ items: [] });
    await client.listFleetApps({
      cluster: 'eu west',
      syncStatus: 'OutOfSync',
      healthStatus: undefined,
    });
    expect(calls).toEqual([
      'http://backend/api/gitops/apps?cluster=eu+west&syncStatus=OutOfSync',
    ]);
  });
});
