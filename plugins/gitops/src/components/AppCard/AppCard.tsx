import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { GitopsApp, gitopsAppChannel } from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { LoadProblem, useEntityRef, usePolling } from '../common';
import { AppActions } from '../AppActions';
import { ProjectSummary } from '../ProjectSummary';
import { ResourceTree } from '../ResourceTree';
import { AppSummary } from './AppSummary';

/** Props of {@link AppCard}. */
export interface AppCardProps {
  /** The app as listed; replaced by live details once they load. */
  app: GitopsApp;
  pollIntervalMs?: number;
}

/** One cluster's app: state, actions and resource tree, kept live by its signal and polling. */
export const AppCard = ({ app: listed, pollIntervalMs }: AppCardProps) => {
  const api = useApi(gitopsApiRef);
  const { ref } = useEntityRef();
  const details = usePolling(
    () => api.getApp(ref, listed.cluster),
    [api, ref, listed.cluster],
    {
      intervalMs: pollIntervalMs,
      signalChannels: [gitopsAppChannel(listed.key)],
    },
  );
  const app = details.value?.app ?? listed;

  return (
    <InfoCard title={`Cluster ${app.cluster}`}>
      <LoadProblem state={details} what={`the live state of ${app.cluster}`} />
      {app.project && (
        <ProjectSummary project={app.project} cluster={app.cluster} />
      )}
      <AppSummary app={app} />
      <Box my={2}>
        <AppActions app={app} onDone={details.retry} />
      </Box>
      <Typography variant="h6">Resources</Typography>
      {details.value ? (
        <ResourceTree resources={details.value.resources} />
      ) : (
        !details.error && (
          <Typography variant="body2">Loading resources…</Typography>
        )
      )}
    </InfoCard>
  );
};
