import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { AnnotatedEntityOnly, useEntityApps } from '../common';
import { AppCard } from '../AppCard';

const Apps = () => {
  const { value: apps, loading, error } = useEntityApps();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!apps?.length) {
    return (
      <EmptyState
        missing="data"
        title="Not reconciled yet"
        description="Slipway has not recorded any app for this entity. Apps appear here after the first reconcile of each cluster named in slipway.dev/clusters."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {apps.map(app => (
        <Grid item xs={12} key={app.key}>
          <AppCard app={app} />
        </Grid>
      ))}
    </Grid>
  );
};

/** The GitOps tab: per cluster, live state, actions, resource tree and diffs. */
export const GitopsContent = () => (
  <AnnotatedEntityOnly>
    <Apps />
  </AnnotatedEntityOnly>
);
