import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { SLIPWAY_ANNOTATIONS } from '@internal/plugin-gitops-common';
import { AnnotatedEntityOnly } from '../common';

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
  return (
    <EmptyState
      missing="data"
      title={`No rollout of ${workload} yet`}
      description="A rollout starts when a new pod template of this workload is synced from Git."
    />
  );
};

/** The Canary tab: rollout progress of the entity's canary workload. */
export const CanaryContent = () => (
  <AnnotatedEntityOnly>
    <Canary />
  </AnnotatedEntityOnly>
);
