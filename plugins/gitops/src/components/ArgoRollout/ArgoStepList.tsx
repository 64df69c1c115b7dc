import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import { RolloutSummary } from '@slipway/plugin-gitops-common';

/**
 * An Argo canary's steps, numbered from 1: done ones ticked, the one
 * Argo's `currentStepIndex` points at highlighted. An aborted rollout is at
 * no step (Argo sets the index back to 0; Retry starts there).
 */
export const ArgoStepList = ({ rollout }: { rollout: RolloutSummary }) => {
  const theme = useTheme();
  const steps = rollout.steps ?? [];
  const argo = rollout.status?.argo;
  if (steps.length === 0) return null;
  const at = argo && !argo.aborted ? argo.currentStepIndex : undefined;
  return (
    <Box component="ol" m={0} pl={3} aria-label="Steps">
      {steps.map((step, i) => {
        const done = at !== undefined && i < at;
        const current = i === at;
        return (
          <Box
            component="li"
            key={i}
            aria-current={current ? 'step' : undefined}
            px={0.5}
            style={
              current
                ? {
                    backgroundColor: alpha(theme.palette.info.main, 0.15),
                    fontWeight: 'bold',
                  }
                : undefined
            }
          >
            <Typography
              variant="body2"
              component="span"
              color={done ? 'textSecondary' : 'inherit'}
              style={current ? { fontWeight: 'bold' } : undefined}
            >
              {step}
              {done && ' ✔'}
              {current && ' ← current'}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
};
