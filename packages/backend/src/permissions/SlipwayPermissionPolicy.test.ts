import { ConfigReader } from '@backstage/config';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  gitopsReadPermission,
  gitopsRolloutControlPermission,
  gitopsSyncPermission,
} from '@internal/plugin-gitops-common';
import { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';

const policy = SlipwayPermissionPolicy.fromConfig(
  new ConfigReader({
    slipway: { permissions: { adminGroups: ['group:default/platform'] } },
  }),
);

const member = (...ownershipEntityRefs: string[]): PolicyQueryUser =>
  ({
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
  } as PolicyQueryUser);

describe('SlipwayPermissionPolicy', () => {
  it('lets everyone read', async () => {
    const decision = await policy.handle(
      { permission: gitopsReadPermission },
      member('user:default/bob'),
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets admins do everything', async () => {
    const decision = await policy.handle(
      { permission: gitopsRolloutControlPermission },
      member('user:default/ada', 'group:default/platform'),
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets others act only on entities their groups own', async () => {
    const decision = await policy.handle(
      { permission: gitopsSyncPermission },
      member('user:default/bob', 'group:default/payments-team'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/bob', 'group:default/payments-team'],
        },
      },
    });
  });

  it('leaves permissions of other plugins allowed', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityReadPermission },
      undefined,
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
