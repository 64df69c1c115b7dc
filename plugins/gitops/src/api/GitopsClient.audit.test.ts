import { ResponseError } from '@backstage/errors';
import { GitopsClient } from './GitopsClient';

const entity = { kind: 'Component', namespace: 'default', name: 'shop' };

function answering(status: number, body: unknown) {
  const calls: string[] = [];
  const client = new GitopsClient({
    discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
    fetchApi: {
      fetch: async (input: RequestInfo | URL) => {
        calls.push(String(input));
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      },
    },
  });
  return { client, calls };
}

describe('GitopsClient.listAudit', () => {
  it('pages the audit of one cluster', async () => {
    const page = {
      items: [{ id: 1, action: 'sync', result: 'denied' }],
      totalCount: 1,
    };
    const { client, calls } = answering(200, page);
    await expect(
      client.listAudit(entity, { cluster: 'eu west', offset: 20, limit: 10 }),
    ).resolves.toEqual(page);
    expect(calls).toEqual([
      'http://backend/api/gitops/entities/default/component/shop/audit?cluster=eu+west&offset=20&limit=10',
    ]);
  });

  it('turns a refusal into a ResponseError', async () => {
    const { client } = answering(403, {
      error: {
        name: 'NotAllowedError',
        message: "Permission 'gitops.app.read' denied",
      },
    });
    await expect(
      client.listAudit(entity, { cluster: 'dev' }),
    ).rejects.toBeInstanceOf(ResponseError);
  });
});
