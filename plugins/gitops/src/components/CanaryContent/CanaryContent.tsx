import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { SLIPWAY_ANNOTATIONS } from '@internal/plugin-gitops-common';
import Grid from '@material-ui/core/Grid';
import { AnnotatedEntityOnly, useEntityApps } from '../common';
import { ClusterRollouts } from './ClusterRollouts';

// The plan parsed from Git, per cluster; the engine that runs it comes later.
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
      <Grid item xs={12}>
        <WarningPanel
          severity="info"
          title="Rollout execution arrives with the rollout engine"
          defaultExpanded
          message={`Progressive rollout execution (traffic weights, metric checks, promote and abort) arrives with the rollout engine. Until then this tab shows the rollout plan of ${workload} as parsed from Git, and what is wrong with it.`}
        />
      </Grid>
      {apps.map(app => (
        <Grid item xs={12} md={6} key={app.cluster}>
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

/** The Canary tab: the rollout plan of the entity's canary workload, per cluster. */
export const CanaryContent = () => (
  <AnnotatedEntityOnly>
    <Canary />
  </AnnotatedEntityOnly>
);
