import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { RolloutSummary } from '@internal/plugin-gitops-common';
import { progressSteps } from './progressSteps';

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
  const name = steps.unit === 'weight' ? 'Canary weights' : 'Iterations';
  return (
    <>
      <Stepper alternativeLabel activeStep={steps.active} aria-label={name}>
        {steps.labels.map((label, i) => (
          <Step key={i}>
            <StepLabel>{label}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Typography variant="body2" align="center">
        {caption(rollout, steps.active, steps.labels.length, steps.unit)}
      </Typography>
    </>
  );
};
