import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { GitopsApp } from '@internal/plugin-gitops-common';
import { AnnotatedEntityOnly, StatusLabel, useEntityApps } from '../common';

const AppCard = ({ app }: { app: GitopsApp }) => (
  <InfoCard title={`Cluster ${app.cluster}`}>
    <StructuredMetadataTable
      metadata={{
        sync: <StatusLabel status={app.syncStatus} />,
        health: <StatusLabel status={app.healthStatus} />,
        revision: app.revision ? app.revision.slice(0, 12) : 'none yet',
        commit: app.commitMessage
          ? `${app.commitMessage.split('\n')[0]} (${app.commitAuthor ?? 'unknown'}, ${
              app.commitDate ? new Date(app.commitDate).toLocaleString() : ''
            })`
          : '',
        'last sync': app.lastRunResult ?? 'never',
        pinned: app.pinnedRevision
          ? `at ${app.pinnedRevision.slice(0, 12)}: auto-sync paused until unpinned`
          : 'no',
        message: app.message ?? '',
        updated: new Date(app.updatedAt).toLocaleString(),
      }}
    />
  </InfoCard>
);

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
        <Grid item xs={12} md={6} key={app.key}>
          <AppCard app={app} />
        </Grid>
      ))}
    </Grid>
  );
};

/** The GitOps tab: sync status and health per cluster. */
export const GitopsContent = () => (
  <AnnotatedEntityOnly>
    <Apps />
  </AnnotatedEntityOnly>
);
