import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { RolloutSummary } from '@slipway/plugin-gitops-common';
import { ArgoAnalysisRuns } from '../ArgoRollout';
import { RolloutControls } from '../RolloutControls';
import { WeightStepper } from '../RolloutProgress';
import { RolloutRunsTable } from '../RolloutRuns';
import { CurrentRun } from './CurrentRun';
import { RolloutPlan } from './RolloutPlan';
import { RolloutState } from './RolloutState';

export const NO_RUN_YET =
  'No rollout has run yet: the first one starts when the canary workload gets a new pod template';

/** One rollout: its plan and validation, live state, controls, an Argo Rollout's AnalysisRuns, current run and past runs. */
export const RolloutPanel = ({
  cluster,
  rollout,
  onChanged,
  pollIntervalMs,
}: {
  cluster: string;
  rollout: RolloutSummary;
  /** Called after a control, to reload the rollout's state. */
  onChanged: () => void;
  pollIntervalMs?: number;
}) => {
  const { status } = rollout;
  // A summary without a kind is an app-level problem (no document): only its errors matter.
  if (!rollout.kind) return <RolloutPlan rollout={rollout} />;
  return (
    <Box mb={4} aria-label={`rollout ${rollout.name}`}>
      <Grid container spacing={2}>
        <Grid item xs={12} md={5}>
          <RolloutPlan rollout={rollout} />
        </Grid>
        <Grid item xs={12} md={7}>
          <RolloutState rollout={rollout} />
          <WeightStepper rollout={rollout} />
          <RolloutControls
            cluster={cluster}
            rollout={rollout}
            onDone={onChanged}
          />
        </Grid>
      </Grid>
      {status?.argo && status.argo.analysisRuns.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle1">Analysis runs</Typography>
          <ArgoAnalysisRuns runs={status.argo.analysisRuns} />
        </Box>
      )}
      {status && (
        <CurrentRun
          cluster={cluster}
          rollout={rollout.name}
          status={status}
          pollIntervalMs={pollIntervalMs}
        />
      )}
      <Box mt={2}>
        {status?.runId === undefined ? (
          <Typography variant="body2">{NO_RUN_YET}</Typography>
        ) : (
          // A new run or a finished one changes the list: reload it then.
          <RolloutRunsTable
            key={`${status.runId}:${status.phase}`}
            cluster={cluster}
            rollout={rollout.name}
          />
        )}
      </Box>
      <Box mt={2}>
        <Divider />
      </Box>
    </Box>
  );
};
