import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { gitopsApiRef } from '../../api';
import { usePolling } from './usePolling';

/**
 * The current entity's apps, one per cluster, kept current by polling: a
 * first reconcile or a new cluster shows up without a reload.
 */
export function useEntityApps(intervalMs?: number) {
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  return usePolling(
    () => api.listApps(getCompoundEntityRef(entity)),
    [api, entity],
    { intervalMs },
  );
}
