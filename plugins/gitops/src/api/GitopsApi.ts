import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import { GitopsApp, Page, SyncRun } from '@internal/plugin-gitops-common';

/**
 * Client for Slipway's REST API.
 *
 * @public
 */
export interface GitopsApi {
  listApps(entity: CompoundEntityRef): Promise<GitopsApp[]>;
  listHistory(
    entity: CompoundEntityRef,
    options: { cluster: string; offset?: number; limit?: number },
  ): Promise<Page<SyncRun>>;
}

/** @public */
export const gitopsApiRef = createApiRef<GitopsApi>({
  id: 'plugin.gitops.service',
});
