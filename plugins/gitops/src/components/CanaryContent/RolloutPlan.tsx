import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RolloutSummary } from '@slipway/plugin-gitops-common';
import { ArgoStepList, isArgoRollout } from '../ArgoRollout';

const STRATEGIES: Record<string, string> = {
  canary: 'Canary (traffic weights)',
  blueGreen: 'Blue/green',
  abTesting: 'A/B testing',
  mirroring: 'Blue/green with traffic mirroring',
  steps: 'Explicit steps',
};

// An Argo Rollout's strategy: a canary's traffic goes through a router or,
// without one, follows the share of pods.
function argoStrategy(rollout: RolloutSummary): string | undefined {
  if (rollout.strategy === 'blueGreen') return 'Blue/green';
  if (rollout.strategy !== 'canary') return rollout.strategy;
  return rollout.provider === 'replicas'
    ? 'Canary (basic: weights by replica counts)'
    : 'Canary (traffic routing)';
}

function argoTraffic(provider: string): string {
  if (provider === 'replicas') return 'none: the weight is the share of pods';
  if (provider === 'services') return 'active and preview Services';
  return provider;
}

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

// Each message on its own line: they are `path: problem`, meant to be read one by one.
const Messages = ({ messages }: { messages: string[] }) => (
  <Box component="ul" m={0} pl={2}>
    {messages.map((m, i) => (
      <li key={i}>
        <Typography variant="body2">{m}</Typography>
      </li>
    ))}
  </Box>
);

/** A Canary's or Slipway Rollout's plan: strategy, provider, target and analysis. */
const FlaggerPlan = ({ rollout }: { rollout: RolloutSummary }) => {
  const { analysis } = rollout;
  return (
    <>
      {rollout.strategy && (
        <Field label="Strategy">
          {STRATEGIES[rollout.strategy] ?? rollout.strategy}
        </Field>
      )}
      {rollout.provider && <Field label="Provider">{rollout.provider}</Field>}
      {rollout.targetRef && (
        <Field label="Target">
          {rollout.targetRef.kind} {rollout.targetRef.name}
        </Field>
      )}
      {analysis && (
        <>
          <Field label="Analysis">
            every {analysis.interval}, rollback after {analysis.threshold}{' '}
            failed check
            {analysis.threshold > 1 ? 's' : ''}
            {analysis.iterations > 0
              ? `, ${analysis.iterations} iterations`
              : ''}
          </Field>
          <Field label="Metrics">
            {analysis.metrics.length
              ? analysis.metrics.join(', ')
              : 'none (webhooks only)'}
          </Field>
        </>
      )}
    </>
  );
};

/** An Argo Rollout's plan: what it is, its strategy, traffic, target and numbered steps. */
const ArgoPlan = ({ rollout }: { rollout: RolloutSummary }) => (
  <>
    <Field label="API">argoproj.io/v1alpha1 (Argo Rollouts)</Field>
    {rollout.strategy && (
      <Field label="Strategy">{argoStrategy(rollout)}</Field>
    )}
    {rollout.provider && (
      <Field label="Traffic routing">{argoTraffic(rollout.provider)}</Field>
    )}
    {rollout.targetRef && (
      <Field label="Pod template">
        {rollout.targetRef.kind === 'Rollout'
          ? 'in the Rollout'
          : `${rollout.targetRef.kind} ${rollout.targetRef.name} (workloadRef)`}
      </Field>
    )}
    {rollout.steps && rollout.steps.length > 0 && (
      <>
        <Field label="Steps">{rollout.steps.length}</Field>
        <ArgoStepList rollout={rollout} />
      </>
    )}
  </>
);

/**
 * One rollout document: its plan as parsed from Git and what is wrong with
 * it; a Flagger-style plan's steps are drawn by WeightStepper, an Argo
 * Rollout's are listed here.
 */
export const RolloutPlan = ({ rollout }: { rollout: RolloutSummary }) => {
  const { errors, warnings } = rollout;
  const title = rollout.kind ? `${rollout.kind} ${rollout.name}` : rollout.name;
  return (
    <Box mb={3}>
      <Typography variant="h6">{title}</Typography>
      {errors.length > 0 && (
        <WarningPanel
          severity="error"
          title={`${errors.length} validation error${
            errors.length > 1 ? 's' : ''
          } in ${title}`}
          defaultExpanded
        >
          <Messages messages={errors} />
        </WarningPanel>
      )}
      {warnings.length > 0 && (
        <WarningPanel
          severity="warning"
          title={`${warnings.length} warning${
            warnings.length > 1 ? 's' : ''
          } in ${title}`}
          defaultExpanded
        >
          <Messages messages={warnings} />
        </WarningPanel>
      )}
      {isArgoRollout(rollout) ? (
        <ArgoPlan rollout={rollout} />
      ) : (
        <FlaggerPlan rollout={rollout} />
      )}
    </Box>
  );
};
