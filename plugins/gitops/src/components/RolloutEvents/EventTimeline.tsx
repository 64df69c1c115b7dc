import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import InfoIcon from '@material-ui/icons/InfoOutlined';
import WarningIcon from '@material-ui/icons/Warning';
import { RolloutEvent } from '@slipway/plugin-gitops-common';
import { Time } from '../common';

/** A rollout's events, oldest first, as Flagger words them; warnings in red. */
export const EventTimeline = ({
  events,
  emptyText,
}: {
  events: RolloutEvent[];
  emptyText?: string;
}) => {
  const theme = useTheme();
  if (events.length === 0) {
    return (
      <Typography variant="body2">{emptyText ?? 'No events yet.'}</Typography>
    );
  }
  return (
    <List dense aria-label="Events">
      {events.map(e => {
        const warning = e.type === 'Warning';
        const color = warning ? theme.palette.error.main : undefined;
        return (
          <ListItem key={e.id} aria-label={`${e.type} event`}>
            <ListItemIcon style={{ color }}>
              {warning ? <WarningIcon /> : <InfoIcon />}
            </ListItemIcon>
            <ListItemText
              primary={e.message}
              primaryTypographyProps={{ style: { color } }}
              secondary={
                <>
                  <Time at={e.at} /> · {e.phase} · canary weight{' '}
                  {e.canaryWeight}%
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
};
