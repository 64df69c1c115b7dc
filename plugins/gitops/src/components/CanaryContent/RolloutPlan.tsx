import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RolloutSummary } from '@internal/plugin-gitops-common';

const STRATEGIES: Record<string, string> = {
  canary: 'Canary (traffic weights)',
  blueGreen: 'Blue/green',
  abTesting: 'A/B testing',
  mirroring: 'Blue/green with traffic mirroring',
  steps: 'Explicit steps',
};

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

/** One rollout document: its plan as parsed from Git and what is wrong with it; the steps are drawn by WeightStepper. */
export const RolloutPlan = ({ rollout }: { rollout: RolloutSummary }) => {
  const { analysis, errors, warnings } = rollout;
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
    </Box>
  );
};
