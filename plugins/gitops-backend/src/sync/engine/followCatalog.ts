import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SLIPWAY_ANNOTATIONS } from '@slipway/plugin-gitops-common';
import type { ProjectSettings } from '@slipway/plugin-gitops-node';
import { parseAnnotations } from '../../catalog/parseAnnotations';
import type { AppLeases } from '../../database/AppLeases';
import { GitopsStore } from '../../database/GitopsStore';

/**
 * Reads the annotated entities and brings the apps table in line with them:
 * new and changed apps are due at once, apps of departed entities go.
 */
export async function followCatalog(deps: {
  catalog: CatalogService;
  auth: AuthService;
  store: GitopsStore;
  leases: AppLeases;
  logger: LoggerService;
  projects: ProjectSettings;
}): Promise<void> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const { items } = await deps.catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${SLIPWAY_ANNOTATIONS.repo}`]:
          CATALOG_FILTER_EXISTS,
      },
    },
    { credentials },
  );
  const apps = items.flatMap(entity => parseAnnotations(entity, deps.projects));
  // An empty answer is far more likely a catalog that is still starting
  // than every entity leaving at once: keep every app and its state (pins,
  // inventories) rather than forget them.
  if (apps.length === 0) {
    deps.logger.warn(
      'The catalog returned no annotated entities; keeping the known apps',
    );
    return;
  }
  await deps.leases.declare(apps);
  const entityRefs = [...new Set(apps.map(a => a.entityRef))];
  await deps.store.removeAppsOfOtherEntities(entityRefs);
  for (const ref of entityRefs) {
    const keys = apps.filter(a => a.entityRef === ref).map(a => a.key);
    await deps.store.removeStaleApps(ref, keys);
  }
}
