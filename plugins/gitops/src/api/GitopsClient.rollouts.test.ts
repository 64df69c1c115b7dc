import { GitopsClient } from './GitopsClient';

describe('GitopsClient.listRollouts', () => {
  it("reads the items of an app's rollouts route", async () => {
    const calls: string[] = [];
    const items = [{ name: 'web', kind: 'Canary', errors: [], warnings: [] }];
    const client = new GitopsClient({
      discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
      fetchApi: {
        fetch: async (input: RequestInfo | URL) => {
          calls.push(String(input));
          return new Response(JSON.stringify({ items }), {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          });
        },
      },
    });
    const entity = { kind: 'Component', namespace: 'default', name: 'payments' };
    await expect(client.listRollouts(entity, 'prod eu')).resolves.toEqual(items);
    expect(calls).toEqual([
      'http://backend/api/gitops/entities/default/component/payments/apps/prod%20eu/rollouts',
    ]);
  });
});
