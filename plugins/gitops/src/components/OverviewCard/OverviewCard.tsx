import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { SLIPWAY_ANNOTATIONS } from '@internal/plugin-gitops-common';
import { StatusLabel, useEntityApps } from '../common';
import { RolloutGlance } from './RolloutGlance';

/** Sync and health per cluster at a glance, and the rollout state when the entity has a canary. */
export const OverviewCard = () => {
  const { entity } = useEntity();
  const hasCanary = Boolean(
    entity.metadata.annotations?.[SLIPWAY_ANNOTATIONS.canary],
  );
  const { value: apps, loading, error } = useEntityApps();
  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!apps?.length) body = <Typography>Not reconciled yet.</Typography>;
  else {
    body = apps.map(app => (
      <div key={app.key}>
        <Typography component="div">
          <strong>{app.cluster}</strong>:{' '}
          <StatusLabel status={app.syncStatus} />{' '}
          <StatusLabel status={app.healthStatus} />
        </Typography>
        {hasCanary && <RolloutGlance cluster={app.cluster} />}
      </div>
    ));
  }
  return (
    <InfoCard
      title="Delivery"
      deepLink={{ title: 'View GitOps status', link: 'gitops' }}
    >
      {body}
    </InfoCard>
  );
};
