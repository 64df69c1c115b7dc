import { DefaultApiClient } from '../schema/openapi';
import type { GitopsOperation, GitopsRequest } from './operations';
import { gitopsRequestPath, gitopsRoutes } from './routes';

const baseUrl = 'http://backend/api/gitops';

/** The method and URL the client generated from the spec sends for a request. */
async function sentByGeneratedClient(
  operation: GitopsOperation,
  request: object,
) {
  const sent: { method?: string; url?: string }[] = [];
  const client = new DefaultApiClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        sent.push({ method: init?.method, url: String(input) });
        return new Response('{}');
      },
    },
  });
  await (client[operation] as (r: object) => Promise<unknown>).call(
    client,
    request,
  );
  return sent[0];
}

const operations = Object.keys(gitopsRoutes) as GitopsOperation[];

describe('gitopsRoutes', () => {
  it('has every operation of the spec, and no other', () => {
    const generated = Object.getOwnPropertyNames(
      DefaultApiClient.prototype,
    ).filter(name => name !== 'constructor');
    expect([...operations].sort()).toEqual(generated.sort());
  });

  it.each(operations)(
    'gives %s the method and path of the spec',
    async operation => {
      // Values that need encoding, named after their parameter so a swap shows.
      const names = [
        ...gitopsRoutes[operation].path.matchAll(/\{(\w+)\}/g),
      ].map(m => m[1]);
      const request = {
        path: Object.fromEntries(names.map(name => [name, `${name} x/y`])),
        body: {},
      };
      expect({
        method: gitopsRoutes[operation].method,
        url: `${baseUrl}${gitopsRequestPath(
          operation,
          request as GitopsRequest<typeof operation>,
        )}`,
      }).toEqual(await sentByGeneratedClient(operation, request));
    },
  );
});

describe('gitopsRequestPath', () => {
  const entity = { namespace: 'default', kind: 'component', name: 'pay ments' };

  it('form-encodes the query parameters that are set, in order, as the spec names them', async () => {
    const request = {
      path: entity,
      query: { cluster: 'eu west', offset: 20, limit: 10 },
    };
    const path = gitopsRequestPath('listHistory', request);
    expect(path).toBe(
      '/entities/default/component/pay%20ments/history?cluster=eu+west&offset=20&limit=10',
    );
    const generated = new URL(
      (await sentByGeneratedClient('listHistory', request)).url!,
    );
    expect([...new URL(path, baseUrl).searchParams]).toEqual([
      ...generated.searchParams,
    ]);
  });

  it('leaves out unset query parameters, and the question mark with them', () => {
    expect(
      gitopsRequestPath('listFleetApps', {
        query: { syncStatus: 'OutOfSync', cluster: undefined },
      }),
    ).toBe('/apps?syncStatus=OutOfSync');
    expect(gitopsRequestPath('listFleetApps', { query: {} })).toBe('/apps');
  });

  it('refuses a request without one of its path parameters', () => {
    const request = {
      path: { ...entity, cluster: undefined },
    } as unknown as GitopsRequest<'getApp'>;
    expect(() => gitopsRequestPath('getApp', request)).toThrow(
      "No value for path parameter 'cluster' of getApp",
    );
  });
});
