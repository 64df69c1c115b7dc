import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { RolloutRun } from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { LoadedContent, useEntityRef } from '../common';
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
  const details = useAsyncRetry(
    () => api.getRolloutRun(ref, cluster, run.rollout, run.id),
    [api, ref, cluster, run.rollout, run.id],
  );
  return (
    <LoadedContent state={details} what={`run #${run.id}`}>
      {({ checks, events }) => (
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
      )}
    </LoadedContent>
  );
};
