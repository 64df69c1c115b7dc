import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { createRouter } from './router';
import { spec } from './schema/openapi';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const entityBase = '/entities/default/component/shop';

async function startApi() {
  const { gitops: store } = await databases.stores();
  await store.upsertApp({
    key: 'component:default/shop@eu west',
    entityRef: 'component:default/shop',
    cluster: 'eu west',
    syncStatus: 'Synced',
    healthStatus: 'Healthy',
  });
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'shop', namespace: 'default' },
        },
      ],
    }),
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    store,
  });
  return express().use(router).use(mockErrorHandler());
}

describe('the REST API as its spec describes it', () => {
  let api: express.Express;

  beforeAll(async () => {
    api = await startApi();
  });

  it('serves every operation of the spec', async () => {
    const samples: Record<string, string> = {
      provider: 'github',
      action: 'promote',
      runId: '1',
      operationId: '1',
      cluster: 'eu west',
    };
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      (['get', 'post'] as const)
        .filter(method => method in item)
        .map(method => ({ path, method })),
    );
    expect(operations).toHaveLength(19);
    for (const { path, method } of operations) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(samples[name] ?? name),
      );
      const res = await (method === 'get'
        ? request(api)
            .get(url)
            .query(/history|audit/.test(path) ? { cluster: 'eu west' } : {})
        : request(api).post(url).send({}));
      // A route that is not there falls through to Express's own HTML 404.
      expect({ operation: `${method} ${path}`, type: res.type }).toEqual({
        operation: `${method} ${path}`,
        type: 'application/json',
      });
    }
  });

  it('answers a read that breaks the spec with 400, naming what is wrong', async () => {
    const cases = [
      [
        `${entityBase}/history?cluster=dev&limit=0`,
        'request/query/limit must be >= 1',
      ],
      [
        `${entityBase}/history`,
        "request/query must have required property 'cluster'",
      ],
      [
        `${entityBase}/audit?cluster=`,
        'request/query/cluster must NOT have fewer than 1 characters',
      ],
      [`${entityBase}/runs/latest`, 'request/params/runId must be integer'],
      [
        `${entityBase}/apps/dev/operations/0`,
        'request/params/operationId must be >= 1',
      ],
    ];
    for (const [url, message] of cases) {
      const res = await request(api).get(url);
      expect({
        url,
        status: res.status,
        message: res.body.error?.message,
      }).toEqual({ url, status: 400, message });
    }
  });

  it('reads a form-encoded space in a query, as browsers send it', async () => {
    const res = await request(api).get('/apps?cluster=eu+west');
    expect(res.status).toBe(200);
    expect(res.body.items.map((app: { key: string }) => app.key)).toEqual([
      'component:default/shop@eu west',
    ]);
  });

  it('keeps a body above the JSON limit a 413', async () => {
    const res = await request(api)
      .post(`${entityBase}/apps/eu%20west/sync`)
      .send({ revision: 'x'.repeat(200 * 1024) });
    expect(res.status).toBe(413);
  });

  it('serves its spec at /openapi.json', async () => {
    const res = await request(api).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      openapi: spec.openapi,
      info: { title: 'gitops' },
    });
    expect(Object.keys(res.body.paths)).toEqual(Object.keys(spec.paths));
  });
});
