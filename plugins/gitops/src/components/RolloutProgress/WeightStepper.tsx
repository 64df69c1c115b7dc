import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { RolloutSummary } from '@slipway/plugin-gitops-common';
import { isFullyPromoted } from '../ArgoRollout';
import { progressSteps, ProgressSteps } from './progressSteps';

const NAMES: Record<ProgressSteps['unit'], string> = {
  weight: 'Canary weights',
  iteration: 'Iterations',
  step: 'Canary steps',
};

// Counted as `kubectl argo rollouts get` counts them: steps done of all.
function argoCaption(
  rollout: RolloutSummary,
  active: number,
  total: number,
): string {
  const status = rollout.status;
  const argo = status?.argo;
  if (!status || !argo)
    return 'Not started: the rollout engine has not reconciled this Rollout yet.';
  if (argo.aborted)
    return 'Aborted: all traffic is back on the stable ReplicaSet; Retry starts again from the first step.';
  if (active >= total)
    return isFullyPromoted(argo)
      ? `All ${total} steps done: the stable ReplicaSet runs revision ${argo.revision}.`
      : `All ${total} steps done: the canary is being promoted to stable.`;
  const step = rollout.steps?.[active];
  return `${active} of ${total} steps done; now ${step}, canary weight ${status.canaryWeight}%.`;
}

function caption(
  rollout: RolloutSummary,
  active: number,
  total: number,
  unit: string,
): string {
  const status = rollout.status;
  if (!status)
    return 'Not started: the rollout engine has not initialised this rollout yet.';
  if (status.phase === 'Failed')
    return `Failed, with canary weight ${status.canaryWeight}%.`;
  if (active >= total)
    return 'Promoted: all traffic is on the primary with the new revision.';
  if (active < 0)
    return `Canary weight ${status.canaryWeight}%, before the first step.`;
  if (active === total - 1)
    return `Canary weight ${status.canaryWeight}%, at promotion.`;
  if (unit === 'iteration')
    return `Iteration ${status.iterations} of ${total - 1} passed.`;
  return `Canary weight ${status.canaryWeight}% (step ${active + 1} of ${
    total - 1
  }).`;
}

/** The plan's steps with the one the rollout is at; steps before it are done. */
export const WeightStepper = ({ rollout }: { rollout: RolloutSummary }) => {
  const steps = progressSteps(rollout);
  if (!steps) return null;
  const total = steps.labels.length;
  return (
    <>
      <Stepper
        alternativeLabel
        activeStep={steps.active}
        aria-label={NAMES[steps.unit]}
      >
        {steps.labels.map((label, i) => (
          <Step key={i}>
            <StepLabel>{label}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Typography variant="body2" align="center">
        {steps.unit === 'step'
          ? argoCaption(rollout, steps.active, total)
          : caption(rollout, steps.active, total, steps.unit)}
      </Typography>
    </>
  );
};
