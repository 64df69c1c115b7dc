import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { Theme, useTheme } from '@material-ui/core/styles';
import { RolloutPhase } from '@slipway/plugin-gitops-common';
import { promotedCondition } from './promotedCondition';

// Blue while it moves, orange while it waits on someone, green done, red failed.
function phaseColor(phase: RolloutPhase, theme: Theme): string | undefined {
  switch (phase) {
    case 'Progressing':
    case 'Promoting':
    case 'Finalising':
      return theme.palette.info.main;
    case 'Waiting':
    case 'WaitingPromotion':
      return theme.palette.warning.main;
    case 'Initialized':
    case 'Succeeded':
      return theme.palette.success.main;
    case 'Failed':
      return theme.palette.error.main;
    default:
      return undefined;
  }
}

/** The rollout's phase as a coloured chip; hovering it shows the Promoted condition. */
export const RolloutPhaseChip = ({
  phase,
  kind,
}: {
  phase: RolloutPhase;
  kind?: string;
}) => {
  const theme = useTheme();
  const color = phaseColor(phase, theme);
  const condition = promotedCondition(phase, kind);
  return (
    <Tooltip title={`Promoted ${condition.status}: ${condition.message}`}>
      <Chip
        size="small"
        label={phase}
        aria-label={`phase ${phase}`}
        style={
          color
            ? {
                backgroundColor: color,
                color: theme.palette.getContrastText(color),
              }
            : undefined
        }
      />
    </Tooltip>
  );
};
