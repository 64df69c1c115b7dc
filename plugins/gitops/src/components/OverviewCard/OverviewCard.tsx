import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { StatusLabel, useEntityApps } from '../common';

/** Sync and health per cluster at a glance, linking to the GitOps tab. */
export const OverviewCard = () => {
  const { value: apps, loading, error } = useEntityApps();
  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!apps?.length) body = <Typography>Not reconciled yet.</Typography>;
  else {
    body = apps.map(app => (
      <Typography key={app.key} component="div">
        <strong>{app.cluster}</strong>: <StatusLabel status={app.syncStatus} />{' '}
        <StatusLabel status={app.healthStatus} />
      </Typography>
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
