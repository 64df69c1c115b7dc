import { useApi } from '@backstage/core-plugin-api';
import { gitopsApiRef } from '../../api';
import { useEntityRef } from './useEntityRef';
import { usePolling } from './usePolling';

/** The entity's rollouts on one cluster (plan and engine state), polled while visible. */
export function useClusterRollouts(cluster: string, intervalMs: number) {
  const api = useApi(gitopsApiRef);
  const { ref } = useEntityRef();
  return usePolling(() => api.listRollouts(ref, cluster), [api, ref, cluster], {
    intervalMs,
  });
}
