import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { GitopsApp } from '@slipway/plugin-gitops-common';
import { listReadableApps } from './listReadableApps';

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {},
});
const app = (name: string, cluster: string) =>
  ({ key: `component:default/${name}@${cluster}`, entityRef: `component:default/${name}`, cluster }) as GitopsApp;

const apps = [app('shop', 'dev'), app('shop', 'prod'), app('cart', 'dev'), app('hidden', 'dev')];
// 'hidden' is not in the catalog as the caller sees it.
const catalog = catalogServiceMock({ entities: [component('shop'), component('cart')] });
const credentials = mockCredentials.user('user:default/bob');

describe('listReadableApps', () => {
  it('keeps the visible entities when the decision is a definitive allow', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([{ result: AuthorizeResult.ALLOW }]);
    const readable = await listReadableApps(apps, { credentials, permissions, catalog });
    expect(readable.map(a => a.key)).toEqual([
      'component:default/shop@dev',
      'component:default/shop@prod',
      'component:default/cart@dev',
    ]);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('returns nothing on a definitive deny', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    expect(await listReadableApps(apps, { credentials, permissions, catalog })).toEqual([]);
  });

  it('resolves a conditional decision per entity, in one batch', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: [] } },
      },
    ]);
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.DENY },
      { result: AuthorizeResult.ALLOW },
    ]);
    const readable = await listReadableApps(apps, { credentials, permissions, catalog });
    expect(readable.map(a => a.key)).toEqual(['component:default/cart@dev']);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize.mock.calls[0][0].map(r => 'resourceRef' in r && r.resourceRef)).toEqual([
      'component:default/shop',
      'component:default/cart',
    ]);
  });
});
