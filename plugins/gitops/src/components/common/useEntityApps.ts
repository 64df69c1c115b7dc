import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { GitopsApp, gitopsAppChannel } from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { usePolling } from './usePolling';

const channelsOf = (apps: GitopsApp[] | undefined) =>
  apps?.map(app => gitopsAppChannel(app.key)) ?? [];

/**
 * The current entity's apps, one per cluster, kept current by polling and
 * their signals: a first reconcile or a new cluster shows up without a
 * reload.
 */
export function useEntityApps(intervalMs?: number) {
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  return usePolling(
    () => api.listApps(getCompoundEntityRef(entity)),
    [api, entity],
    { intervalMs, signalChannels: channelsOf },
  );
}
