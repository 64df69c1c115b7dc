import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ArgoRolloutView,
  RolloutStatus,
  RolloutSummary,
} from '@slipway/plugin-gitops-common';
import { Time } from '../common';
import { ArgoPhaseChip } from './ArgoPhaseChip';
import { argoStepCount, isFullyPromoted } from './argoView';

const Field = ({
  label,
  children,
}: {
  label: string;
  children: React.ReactNode;
}) => (
  <Typography variant="body2">
    <strong>{label}:</strong> {children}
  </Typography>
);

// The two ReplicaSets by their pod template hash, named as Argo tags them.
function revisions(
  argo: ArgoRolloutView,
  strategy?: string,
): Array<[string, string]> {
  const blueGreen = strategy === 'blueGreen';
  const stable = blueGreen ? 'Active' : 'Stable';
  if (!argo.stableHash)
    return [
      ['Current', `${argo.currentHash || 'none'} (no stable ReplicaSet yet)`],
    ];
  if (isFullyPromoted(argo))
    return [[stable, `${argo.stableHash} (fully promoted)`]];
  return [
    [stable, argo.stableHash],
    [blueGreen ? 'Preview' : 'Canary', argo.currentHash],
  ];
}

// Traffic as last set through the router, or, without one, as the step sets it by replica counts.
function weights(rollout: RolloutSummary, status: RolloutStatus) {
  const argo = status.argo!;
  if (argo.weights) {
    const { canary, stable, verified } = argo.weights;
    let check = '';
    if (verified === true) check = ' (verified)';
    if (verified === false) check = ' (not verified yet)';
    return `canary ${canary}% · stable ${stable}%${check}`;
  }
  if (rollout.strategy !== 'canary') return undefined;
  return `canary ${status.canaryWeight}% set, by replica counts (no traffic routing)`;
}

/** An Argo Rollout's state as `kubectl argo rollouts get` shows it: status, step, revisions, replicas, weights. */
export const ArgoRolloutState = ({ rollout }: { rollout: RolloutSummary }) => {
  const status = rollout.status!;
  const argo = status.argo!;
  const step = argoStepCount(rollout);
  const traffic = weights(rollout, status);
  const pauseReasons = argo.pauseReasons.length
    ? argo.pauseReasons.join(', ')
    : status.pause?.reason;
  return (
    <Box
      display="flex"
      flexDirection="column"
      style={{ gap: 4 }}
      aria-label="Argo Rollout state"
    >
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="body2" component="span">
          <strong>Status:</strong>
        </Typography>
        <ArgoPhaseChip argo={argo} />
        {argo.message && (
          <Typography variant="body2" component="span">
            — {argo.message}
          </Typography>
        )}
      </Box>
      {status.pause && (
        <Typography variant="body2">
          Paused ({pauseReasons}) since <Time at={status.pause.startedAt} />
          {status.pause.until && (
            <>
              , until <Time at={status.pause.until} />
            </>
          )}
        </Typography>
      )}
      {step && (
        <Field label="Step">
          {step.done}/{step.total}
          {step.current && !argo.aborted ? ` (now: ${step.current})` : ''}
        </Field>
      )}
      <Field label="Revision">{argo.revision}</Field>
      <Typography variant="body2">
        {revisions(argo, rollout.strategy).map(([label, hash], i) => (
          <span key={label}>
            {i > 0 && ' · '}
            <strong>{label}</strong> {hash}
          </span>
        ))}
      </Typography>
      <Field label="Replicas">
        {argo.desiredReplicas} desired · {argo.replicas} current ·{' '}
        {argo.updatedReplicas} updated ·{' '}
        {argo.readyReplicas} ready · {argo.availableReplicas} available
      </Field>
      {traffic && <Field label="Weights">{traffic}</Field>}
      {status.message && <Field label="Last event">{status.message}</Field>}
    </Box>
  );
};
