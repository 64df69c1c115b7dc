import { Config } from '@backstage/config';
import {
  createCatalogConditionalDecision,
  catalogConditions,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  gitopsAppCreatePermission,
  gitopsReadPermission,
} from '@slipway/plugin-gitops-common';

/**
 * The example policy: admins may do everything; members of an entity's
 * owning group may sync, roll back and control rollouts on it; members of
 * any group may create apps (the action then requires the new entity's
 * owner to be one of their groups and an owner of the project); everyone
 * may read. Permissions other than Slipway's are allowed, as in a stock
 * local portal. Owner conditions are evaluated by the catalog against the
 * entity. Service principals never get here: Backstage's permissions service
 * decides them from their access restrictions.
 */
export class SlipwayPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config) {
    return new SlipwayPermissionPolicy(
      config.getOptionalStringArray('slipway.permissions.adminGroups') ?? [],
    );
  }

  constructor(private readonly adminGroups: string[]) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (!request.permission.name.startsWith('gitops.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (claims.some(ref => this.adminGroups.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (request.permission.name === gitopsReadPermission.name) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (request.permission.name === gitopsAppCreatePermission.name) {
      // No entity exists yet: only someone who can own one may create it.
      const inAGroup = claims.some(ref => ref.startsWith('group:'));
      return {
        result: inAGroup ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    if (isResourcePermission(request.permission, 'catalog-entity')) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
