import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { ParsedRefusals } from './parseRefusals';

/** One row per refused object: the object, the rule that refused it and why. */
export const RefusalList = ({ parsed }: { parsed: ParsedRefusals }) => (
  <Box>
    {parsed.summary && (
      <Typography variant="body2">{parsed.summary}</Typography>
    )}
    <List dense disablePadding aria-label="refused objects">
      {parsed.refusals.map((r, i) => (
        <ListItem key={i} disableGutters>
          {r.rule || r.object ? (
            <ListItemText
              primary={
                <>
                  {r.rule && (
                    <Chip
                      size="small"
                      color="secondary"
                      variant="outlined"
                      label={r.rule}
                      style={{ marginRight: 8 }}
                    />
                  )}
                  {r.object && <strong>{r.object}</strong>}
                </>
              }
              secondary={r.reason}
            />
          ) : (
            <ListItemText primary={r.reason} />
          )}
        </ListItem>
      ))}
    </List>
  </Box>
);
