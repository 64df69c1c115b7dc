import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { gitopsRendererExtensionPoint } from '@slipway/plugin-gitops-node';
import { waitUntil } from '@internal/test-env';
import request from 'supertest';
import { gitopsPlugin } from './plugin';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'slipway.dev/repo': 'http://127.0.0.1/gitops.git' },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
};

async function start(permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const { server } = await startTestBackend({
    features: [
      gitopsPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.factory({ result: permission }),
    ],
  });
  return server;
}

describe('gitopsPlugin', () => {
  it('serves /health to unauthenticated callers', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get('/api/gitops/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses unauthenticated callers on every other route', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get('/api/gitops/entities/default/component/payments/apps')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('follows the catalog and explains an entity whose annotations are incomplete', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const items = await waitUntil(
      async () => {
        const res = await request(server).get(
          '/api/gitops/entities/default/component/payments/apps',
        );
        expect(res.status).toBe(200);
        return res.body.items as unknown[];
      },
      {
        description: 'the app to be listed',
        timeoutMs: 30_000,
        until: listed => listed.length > 0,
      },
    );
    expect(items).toEqual([
      expect.objectContaining({
        key: 'component:default/payments@-',
        syncStatus: 'Invalid',
        message: 'slipway.dev/clusters is required',
      }),
    ]);
  });

  it('names the denied permission in a 403', async () => {
    const server = await start(AuthorizeResult.DENY);
    const res = await request(server).get(
      '/api/gitops/entities/default/component/payments/apps',
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        "Permission 'gitops.app.read' denied on 'component:default/payments'",
    });
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const res = await request(server).get(
      '/api/gitops/entities/default/component/nope/apps',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("No entity 'component:default/nope'");
  });

  it('validates the history page query', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const bad = await request(server).get(
      '/api/gitops/entities/default/component/payments/history?cluster=dev&limit=1000',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');

    const good = await request(server).get(
      '/api/gitops/entities/default/component/payments/history?cluster=dev',
    );
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ items: [], totalCount: 0 });
  });

  it('fails start-up when two modules register one renderer name', async () => {
    const renderer = (moduleId: string) =>
      createBackendModule({
        pluginId: 'gitops',
        moduleId,
        register(reg) {
          reg.registerInit({
            deps: { renderers: gitopsRendererExtensionPoint },
            async init({ renderers }) {
              renderers.addRenderer({
                name: 'jsonnet',
                detect: () => false,
                render: async () => [],
              });
            },
          });
        },
      });
    await expect(
      startTestBackend({
        features: [
          gitopsPlugin,
          renderer('one'),
          renderer('two'),
          catalogServiceMock.factory({ entities: [entity] }),
        ],
      }),
    ).rejects.toThrow("A renderer named 'jsonnet' is already registered");
  });
});
