import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RolloutSummary } from '@slipway/plugin-gitops-common';
import { LoadProblem, useClusterRollouts } from '../common';
import { ArgoPhaseChip, argoStepCount } from '../ArgoRollout';
import { RolloutPhaseChip } from '../RolloutPhase';

// The entity page's Canary tab, relative to the overview.
const CANARY_TAB = 'canary';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// Argo's phase, then its step (`step 1/8`, as kubectl counts) or, without steps, its revision.
const ArgoState = ({ rollout }: { rollout: RolloutSummary }) => {
  const argo = rollout.status!.argo!;
  const step = argoStepCount(rollout);
  const parts = [
    step ? `step ${step.done}/${step.total}` : `revision ${argo.revision}`,
  ];
  if (rollout.strategy === 'canary')
    parts.push(`canary weight ${rollout.status!.canaryWeight}%`);
  return (
    <>
      <ArgoPhaseChip argo={argo} /> {parts.join(', ')}
    </>
  );
};

const Line = ({ rollout }: { rollout: RolloutSummary }) => {
  const { status } = rollout;
  let state;
  if (rollout.errors.length)
    state = `${plural(rollout.errors.length, 'validation error')}`;
  else if (!status) state = 'not initialised yet';
  else if (status.argo) state = <ArgoState rollout={rollout} />;
  else {
    state = (
      <>
        <RolloutPhaseChip phase={status.phase} kind={rollout.targetRef?.kind} />{' '}
        canary weight {status.canaryWeight}%
      </>
    );
  }
  return (
    <Box
      display="flex"
      alignItems="center"
      style={{ gap: 6 }}
      aria-label={`rollout ${rollout.name}`}
    >
      <Link to={CANARY_TAB}>
        {rollout.kind ? `${rollout.kind} ${rollout.name}` : rollout.name}
      </Link>
      <Typography variant="body2" component="span">
        {state}
      </Typography>
    </Box>
  );
};

/** Each rollout of one cluster's app: phase and canary weight (an Argo Rollout's phase and step), linking to the Canary tab. */
export const RolloutGlance = ({
  cluster,
  pollIntervalMs = 15_000,
}: {
  cluster: string;
  pollIntervalMs?: number;
}) => {
  const rollouts = useClusterRollouts(cluster, pollIntervalMs);
  return (
    <Box pl={2}>
      <LoadProblem state={rollouts} what={`the rollouts on ${cluster}`} />
      {rollouts.value?.map(r => (
        <Line key={`${r.kind}/${r.name}`} rollout={r} />
      ))}
    </Box>
  );
};
