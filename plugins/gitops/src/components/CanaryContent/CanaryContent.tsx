import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { SLIPWAY_ANNOTATIONS } from '@slipway/plugin-gitops-common';
import Grid from '@material-ui/core/Grid';
import { AnnotatedEntityOnly, LoadedContent, useEntityApps } from '../common';
import { ClusterRollouts } from './ClusterRollouts';

/**
 * Props of {@link EntityCanaryContent}.
 *
 * @public
 */
export interface CanaryContentProps {
  /** How often the apps, rollouts and current runs are read again. */
  pollIntervalMs?: number;
}

// Per cluster: each rollout's plan from Git and what the engine does with it.
const RolloutPlans = ({
  workload,
  pollIntervalMs,
}: CanaryContentProps & { workload: string }) => {
  const apps = useEntityApps(pollIntervalMs);
  return (
    <LoadedContent state={apps} what="this entity's apps">
      {list =>
        list.length ? (
          <Grid container spacing={3}>
            {list.map(app => (
              <Grid item xs={12} key={app.cluster}>
                <ClusterRollouts
                  cluster={app.cluster}
                  pollIntervalMs={pollIntervalMs}
                />
              </Grid>
            ))}
          </Grid>
        ) : (
          <EmptyState
            missing="data"
            title={`No rollout of ${workload} yet`}
            description="A rollout starts when a new pod template of this workload is synced from Git."
          />
        )
      }
    </LoadedContent>
  );
};

const Canary = ({ pollIntervalMs }: CanaryContentProps) => {
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
  return <RolloutPlans workload={workload} pollIntervalMs={pollIntervalMs} />;
};

/** The Canary tab: the rollouts of the entity's canary workload, per cluster, live. */
export const CanaryContent = (props: CanaryContentProps) => (
  <AnnotatedEntityOnly>
    <Canary {...props} />
  </AnnotatedEntityOnly>
);
