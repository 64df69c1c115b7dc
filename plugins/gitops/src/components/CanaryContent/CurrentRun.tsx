import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { RolloutStatus } from '@slipway/plugin-gitops-common';
import { LoadProblem } from '../common';
import { RolloutChart } from '../RolloutChart';
import { MetricChecksTable, WebhookResults } from '../RolloutChecks';
import { EventTimeline } from '../RolloutEvents';
import { useRolloutActivity } from './useRolloutActivity';

const Section = ({
  title,
  children,
}: {
  title: string;
  children: React.ReactNode;
}) => (
  <Box mt={2}>
    <Typography variant="subtitle1">{title}</Typography>
    {children}
  </Box>
);

/**
 * The run in progress (or the last one), live: chart, metric checks,
 * webhook results and events. An Argo Rollout has no webhooks and no
 * threshold ranges; its AnalysisRuns, shown beside, say what its metrics
 * did, so only the chart and the events are shown for it.
 */
export const CurrentRun = ({
  cluster,
  rollout,
  status,
  pollIntervalMs,
}: {
  cluster: string;
  rollout: string;
  status: RolloutStatus;
  pollIntervalMs?: number;
}) => {
  const activity = useRolloutActivity(
    cluster,
    rollout,
    status.runId,
    pollIntervalMs,
    status.updatedAt,
  );
  const run = activity.value?.run;
  return (
    <>
      <LoadProblem state={activity} what={`the current run of ${rollout}`} />
      {activity.loading && !activity.value && !activity.error && (
        <Typography variant="body2">Loading the current run…</Typography>
      )}
      {run && (
        <>
          <Section
            title={`Run #${run.run.id} (${run.run.result}): canary weight and metrics`}
          >
            <RolloutChart events={run.events} checks={run.checks} />
          </Section>
          {!status.argo && (
            <Grid container spacing={2}>
              <Grid item xs={12} lg={6}>
                <Section title="Metric checks">
                  <MetricChecksTable
                    checks={run.checks}
                    threshold={status.threshold}
                  />
                </Section>
              </Grid>
              <Grid item xs={12} lg={6}>
                <Section title="Webhook results">
                  <WebhookResults checks={run.checks} />
                </Section>
              </Grid>
            </Grid>
          )}
        </>
      )}
      {activity.value && (
        <Section title="Events">
          <EventTimeline events={activity.value.events} />
        </Section>
      )}
    </>
  );
};
