import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RolloutSummary } from '@slipway/plugin-gitops-common';
import { ArgoRolloutState, isArgoRollout } from '../ArgoRollout';
import { Time } from '../common';
import { promotedCondition, RolloutPhaseChip } from '../RolloutPhase';

/**
 * Phase, the Promoted condition that explains it, and why the rollout
 * waits, if it does; an Argo Rollout's state as Argo shows it.
 */
export const RolloutState = ({ rollout }: { rollout: RolloutSummary }) => {
  const { status } = rollout;
  if (!status && isArgoRollout(rollout)) {
    return (
      <Typography variant="body2">
        Not reconciled yet: the rollout engine creates the stable ReplicaSet of{' '}
        {rollout.name} on its next reconcile.
      </Typography>
    );
  }
  if (status?.argo) return <ArgoRolloutState rollout={rollout} />;
  if (!status) {
    return (
      <Typography variant="body2">
        Not initialised yet: the rollout engine takes over{' '}
        {rollout.targetRef?.name ?? rollout.name} on its next reconcile,
        creating its primary and routing all traffic to it.
      </Typography>
    );
  }
  const kind = rollout.targetRef?.kind;
  const condition = promotedCondition(status.phase, kind);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <RolloutPhaseChip phase={status.phase} kind={kind} />
        <Typography variant="body2">
          Promoted {condition.status}: {condition.message}
        </Typography>
      </Box>
      {status.pause && (
        <Typography variant="body2">
          Paused for {status.pause.reason} since{' '}
          <Time at={status.pause.startedAt} />
          {status.pause.until && (
            <>
              , until <Time at={status.pause.until} />
            </>
          )}
        </Typography>
      )}
      <Typography variant="body2">
        Failed checks: {status.failedChecks} of {status.threshold}
      </Typography>
      {status.message && (
        <Typography variant="body2">Last event: {status.message}</Typography>
      )}
    </Box>
  );
};
