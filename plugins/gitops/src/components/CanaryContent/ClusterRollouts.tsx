import { InfoCard, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { gitopsApiRef } from '../../api';
import { errorMessage, useEntityRef, usePolling } from '../common';
import { RolloutPlan } from './RolloutPlan';

/** The rollout documents of one cluster's app; they change only on reconcile. */
export const ClusterRollouts = ({ cluster, pollIntervalMs = 15_000 }: { cluster: string; pollIntervalMs?: number }) => {
  const api = useApi(gitopsApiRef);
  const { ref } = useEntityRef();
  const rollouts = usePolling(() => api.listRollouts(ref, cluster), [api, ref, cluster], {
    intervalMs: pollIntervalMs,
  });
  return (
    <InfoCard title={`Cluster ${cluster}`}>
      {rollouts.error && (
        <WarningPanel severity="error" title="Could not load the rollout documents" message={errorMessage(rollouts.error)} />
      )}
      {rollouts.value?.map((r, i) => <RolloutPlan key={i} rollout={r} />)}
      {rollouts.value?.length === 0 && (
        <Typography variant="body2">
          No rollout documents recorded yet: they are parsed on the next reconcile of this app.
        </Typography>
      )}
      {rollouts.loading && !rollouts.value && !rollouts.error && (
        <Typography variant="body2">Loading rollout documents…</Typography>
      )}
    </InfoCard>
  );
};
