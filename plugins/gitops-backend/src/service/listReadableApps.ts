import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { GitopsApp, gitopsReadPermission } from '@slipway/plugin-gitops-common';

/**
 * The apps whose entity the caller may both see in the catalog and read in
 * Slipway: the same two checks the per-entity routes make.
 *
 * A conditional decision holds catalog rules (e.g. IS_ENTITY_OWNER) that
 * only the catalog can evaluate, and it exposes no query translation to
 * other plugins. So a definitive ALLOW or DENY answers for every app at
 * once, and otherwise each distinct entity is authorized by ref in one
 * batch, which the permission backend resolves with the catalog in one call.
 */
export async function listReadableApps(
  apps: GitopsApp[],
  deps: {
    credentials: BackstageCredentials;
    permissions: PermissionsService;
    catalog: CatalogService;
  },
): Promise<GitopsApp[]> {
  const { credentials, permissions, catalog } = deps;
  const [decision] = await permissions.authorizeConditional(
    [{ permission: gitopsReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.DENY || apps.length === 0) return [];

  const refs = [...new Set(apps.map(app => app.entityRef))];
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: refs, fields: ['kind'] },
    { credentials },
  );
  let readable = refs.filter((_, i) => items[i]);

  if (decision.result === AuthorizeResult.CONDITIONAL && readable.length) {
    const decisions = await permissions.authorize(
      readable.map(resourceRef => ({ permission: gitopsReadPermission, resourceRef })),
      { credentials },
    );
    readable = readable.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW);
  }
  const allowed = new Set(readable);
  return apps.filter(app => allowed.has(app.entityRef));
}
