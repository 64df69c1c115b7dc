import { EmptyState } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { AnnotatedEntityOnly, LoadedContent, useEntityApps } from '../common';
import { AppCard } from '../AppCard';

/**
 * Props of {@link EntityGitopsContent}.
 *
 * @public
 */
export interface GitopsContentProps {
  /** How often the apps and each card's live state are read again. */
  pollIntervalMs?: number;
}

const Apps = ({ pollIntervalMs }: GitopsContentProps) => {
  const apps = useEntityApps(pollIntervalMs);
  return (
    <LoadedContent state={apps} what="this entity's apps">
      {list =>
        list.length ? (
          <Grid container spacing={3}>
            {list.map(app => (
              <Grid item xs={12} key={app.key}>
                <AppCard app={app} pollIntervalMs={pollIntervalMs} />
              </Grid>
            ))}
          </Grid>
        ) : (
          <EmptyState
            missing="data"
            title="Not reconciled yet"
            description="Slipway has not recorded any app for this entity. Apps appear here after the first reconcile of each cluster named in slipway.dev/clusters."
          />
        )
      }
    </LoadedContent>
  );
};

/** The GitOps tab: per cluster, live state, actions, resource tree and diffs. */
export const GitopsContent = (props: GitopsContentProps) => (
  <AnnotatedEntityOnly>
    <Apps {...props} />
  </AnnotatedEntityOnly>
);
