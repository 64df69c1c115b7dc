import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitopsApiRef } from '../../api';

/** The current entity's apps, one per cluster. */
export function useEntityApps() {
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  return useAsyncRetry(
    () => api.listApps(getCompoundEntityRef(entity)),
    [api, entity],
  );
}
