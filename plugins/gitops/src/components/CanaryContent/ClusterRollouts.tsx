import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { LoadedContent, useClusterRollouts } from '../common';
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
      <LoadedContent state={rollouts} what={`the rollouts on ${cluster}`}>
        {list =>
          list.length ? (
            list.map(r => (
              <RolloutPanel
                key={`${r.kind}/${r.name}`}
                cluster={cluster}
                rollout={r}
                onChanged={rollouts.retry}
                pollIntervalMs={pollIntervalMs}
              />
            ))
          ) : (
            <Typography variant="body2">
              No rollout documents recorded yet: they are parsed on the next
              reconcile of this app.
            </Typography>
          )
        }
      </LoadedContent>
    </InfoCard>
  );
};
