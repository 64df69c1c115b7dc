import { useApi } from '@backstage/core-plugin-api';
import {
  gitopsAppKey,
  gitopsRolloutsChannel,
} from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { useEntityRef } from './useEntityRef';
import { usePolling } from './usePolling';

/** The entity's rollouts on one cluster (plan and engine state), polled while visible and reloaded on their signal. */
export function useClusterRollouts(cluster: string, intervalMs: number) {
  const api = useApi(gitopsApiRef);
  const { ref, refString } = useEntityRef();
  return usePolling(() => api.listRollouts(ref, cluster), [api, ref, cluster], {
    intervalMs,
    signalChannels: [gitopsRolloutsChannel(gitopsAppKey(refString, cluster))],
  });
}
