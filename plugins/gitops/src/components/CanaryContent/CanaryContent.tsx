import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { SLIPWAY_ANNOTATIONS } from '@internal/plugin-gitops-common';
import Grid from '@material-ui/core/Grid';
import { AnnotatedEntityOnly, useEntityApps } from '../common';
import { ClusterRollouts } from './ClusterRollouts';

// Per cluster: each rollout's plan from Git and what the engine does with it.
const RolloutPlans = ({ workload }: { workload: string }) => {
  const { value: apps, loading, error } = useEntityApps();
  if (loading && !apps) return <Progress />;
  if (error && !apps) return <ResponseErrorPanel error={error} />;
  if (!apps?.length) {
    return (
      <EmptyState
        missing="data"
        title={`No rollout of ${workload} yet`}
        description="A rollout starts when a new pod template of this workload is synced from Git."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {apps.map(app => (
        <Grid item xs={12} key={app.cluster}>
          <ClusterRollouts cluster={app.cluster} />
        </Grid>
      ))}
    </Grid>
  );
};

const Canary = () => {
  const { entity } = useEntity();
  const workload = entity.metadata.annotations?.[SLIPWAY_ANNOTATIONS.canary];
  if (!workload) {
    return (
      <EmptyState
        missing="field"
        title="No progressive delivery"
        description={`This entity releases without a canary. Name the workload to release progressively in the ${SLIPWAY_ANNOTATIONS.canary} annotation and add a Canary or Rollout document beside its manifests.`}
      />
    );
  }
  return <RolloutPlans workload={workload} />;
};

/** The Canary tab: the rollouts of the entity's canary workload, per cluster, live. */
export const CanaryContent = () => (
  <AnnotatedEntityOnly>
    <Canary />
  </AnnotatedEntityOnly>
);
