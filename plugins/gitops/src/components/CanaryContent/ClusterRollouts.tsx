import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useClusterRollouts } from '../common';
import { PollingProblem } from './PollingProblem';
import { RolloutPanel } from './RolloutPanel';

/** The rollouts of one cluster's app, with the engine's state, polled while the tab is visible. */
export const ClusterRollouts = ({
  cluster,
  pollIntervalMs = 5000,
}: {
  cluster: string;
  pollIntervalMs?: number;
}) => {
  const rollouts = useClusterRollouts(cluster, pollIntervalMs);
  return (
    <InfoCard title={`Cluster ${cluster}`}>
      <PollingProblem state={rollouts} what={`the rollouts on ${cluster}`} />
      {rollouts.value?.map(r => (
        <RolloutPanel
          key={`${r.kind}/${r.name}`}
          cluster={cluster}
          rollout={r}
          onChanged={rollouts.retry}
          pollIntervalMs={pollIntervalMs}
        />
      ))}
      {rollouts.value?.length === 0 && (
        <Typography variant="body2">
          No rollout documents recorded yet: they are parsed on the next
          reconcile of this app.
        </Typography>
      )}
      {rollouts.loading && !rollouts.value && !rollouts.error && (
        <Typography variant="body2">Loading rollout documents…</Typography>
      )}
    </InfoCard>
  );
};
