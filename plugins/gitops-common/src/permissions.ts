import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read an entity's apps: status, diff, history and rollouts.
 *
 * @public
 */
export const gitopsReadPermission = createPermission({
  name: 'gitops.app.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Sync or refresh an entity's apps.
 *
 * @public
 */
export const gitopsSyncPermission = createPermission({
  name: 'gitops.sync.trigger',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Roll an entity's app back, unpin it, or revert a commit in Git.
 *
 * @public
 */
export const gitopsRollbackPermission = createPermission({
  name: 'gitops.rollback.trigger',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Promote, promote fully, abort, retry, pause or resume a rollout.
 *
 * @public
 */
export const gitopsRolloutControlPermission = createPermission({
  name: 'gitops.rollout.control',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Write a new app's manifests into a GitOps repository (the scaffolder's
 * `gitops:app:create`). Basic: the entity does not exist yet, so the action
 * itself checks the owner against the project.
 *
 * @public
 */
export const gitopsAppCreatePermission = createPermission({
  name: 'gitops.app.create',
  attributes: { action: 'create' },
});

/**
 * Every permission Slipway's backend authorizes.
 *
 * @public
 */
export const gitopsPermissions = [
  gitopsReadPermission,
  gitopsSyncPermission,
  gitopsRollbackPermission,
  gitopsRolloutControlPermission,
  gitopsAppCreatePermission,
];
