import { forwardRef } from 'react';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { Theme, useTheme } from '@material-ui/core/styles';
import { ArgoRolloutView } from '@slipway/plugin-gitops-common';
import { ANALYSIS_PHASE_ICONS, ARGO_PHASE_ICONS } from './argoView';

// Argo's colours: green healthy or successful, blue while it moves, amber
// while it waits or is inconclusive, red degraded, failed or in error.
function argoPhaseColor(
  phase: ArgoRolloutView['phase'],
  theme: Theme,
): string | undefined {
  switch (phase) {
    case 'Healthy':
      return theme.palette.success.main;
    case 'Progressing':
      return theme.palette.info.main;
    case 'Paused':
      return theme.palette.warning.main;
    case 'Degraded':
      return theme.palette.error.main;
    default:
      return undefined;
  }
}

function analysisPhaseColor(phase: string, theme: Theme): string | undefined {
  switch (phase) {
    case 'Successful':
      return theme.palette.success.main;
    case 'Running':
      return theme.palette.info.main;
    case 'Inconclusive':
      return theme.palette.warning.main;
    case 'Failed':
    case 'Error':
      return theme.palette.error.main;
    default:
      return undefined;
  }
}

// A forwardRef, so a Tooltip can wrap it.
const ColouredChip = forwardRef<
  HTMLDivElement,
  { label: string; ariaLabel: string; color?: string }
>(({ label, ariaLabel, color, ...rest }, ref) => {
  const theme = useTheme();
  return (
    <Chip
      {...rest}
      ref={ref}
      size="small"
      label={label}
      aria-label={ariaLabel}
      style={
        color
          ? {
              backgroundColor: color,
              color: theme.palette.getContrastText(color),
            }
          : undefined
      }
    />
  );
});

/** An Argo Rollout's phase as Argo shows it (`॥ Paused`); hovering it shows Argo's message. */
export const ArgoPhaseChip = ({ argo }: { argo: ArgoRolloutView }) => {
  const theme = useTheme();
  const chip = (
    <ColouredChip
      label={`${ARGO_PHASE_ICONS[argo.phase] ?? '?'} ${argo.phase}`}
      ariaLabel={`phase ${argo.phase}`}
      color={argoPhaseColor(argo.phase, theme)}
    />
  );
  return argo.message ? <Tooltip title={argo.message}>{chip}</Tooltip> : chip;
};

/** An AnalysisRun's or a metric's phase as Argo shows it (`✖ Failed`). */
export const AnalysisPhaseChip = ({ phase }: { phase: string }) => {
  const theme = useTheme();
  return (
    <ColouredChip
      label={`${ANALYSIS_PHASE_ICONS[phase] ?? '•'} ${phase}`}
      ariaLabel={`analysis phase ${phase}`}
      color={analysisPhaseColor(phase, theme)}
    />
  );
};
