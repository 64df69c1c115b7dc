import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { RolloutRun } from '@internal/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { useEntityRef } from '../common';
import { MetricChecksTable, WebhookResults } from '../RolloutChecks';
import { EventTimeline } from '../RolloutEvents';

/** A past run's checks and events, read once: a finished run no longer changes. */
export const RolloutRunDetails = ({
  cluster,
  run,
}: {
  cluster: string;
  run: RolloutRun;
}) => {
  const api = useApi(gitopsApiRef);
  const { ref } = useEntityRef();
  const details = useAsync(
    () => api.getRolloutRun(ref, cluster, run.rollout, run.id),
    [api, ref, cluster, run.rollout, run.id],
  );
  if (details.loading) return <Progress />;
  if (details.error) return <ResponseErrorPanel error={details.error} />;
  const { checks = [], events = [] } = details.value ?? {};
  return (
    <Box aria-label={`details of rollout run ${run.id}`}>
      <Typography variant="subtitle2">Metric checks</Typography>
      <MetricChecksTable checks={checks} />
      <Box mt={2}>
        <Typography variant="subtitle2">Webhook results</Typography>
        <WebhookResults checks={checks} />
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">Events</Typography>
        <EventTimeline
          events={events}
          emptyText="This run recorded no events."
        />
      </Box>
    </Box>
  );
};
