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
