import { ConfigReader } from '@backstage/config';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  gitopsAppCreatePermission,
  gitopsReadPermission,
  gitopsRolloutControlPermission,
  gitopsSyncPermission,
} from '@slipway/plugin-gitops-common';
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

  it('lets admins and members of a group create apps, and no one else', async () => {
    const decide = async (user?: PolicyQueryUser) =>
      (await policy.handle({ permission: gitopsAppCreatePermission }, user))
        .result;
    expect(
      await decide(member('user:default/ada', 'group:default/platform')),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await decide(member('user:default/bob', 'group:default/payments-team')),
    ).toBe(AuthorizeResult.ALLOW);
    expect(await decide(member('user:default/loner'))).toBe(
      AuthorizeResult.DENY,
    );
    expect(await decide(undefined)).toBe(AuthorizeResult.DENY);
  });

  it('leaves permissions of other plugins allowed', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityReadPermission },
      undefined,
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
