import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { errorMessage } from './errorMessage';
import { LoadState } from './loadState';
import { Time } from './Time';

/**
 * Why a view could not (re)load `what`, with a Retry button. Above data it
 * already shows, it only warns: the data stays, marked with when it was read.
 * Renders nothing while the last load succeeded.
 */
export const LoadProblem = ({
  state,
  what,
}: {
  state: LoadState<unknown>;
  /** What was being loaded, e.g. `the rollouts on dev`. */
  what: string;
}) => {
  const { error, value, stopped, updatedAt, loading, retry } = state;
  if (!error) return null;
  const stale = value !== undefined;
  let title = `Could not load ${what}`;
  if (stale) {
    title = stopped
      ? `Live updates of ${what} stopped after repeated errors`
      : `Could not refresh ${what}`;
  }
  return (
    <Box mb={2}>
      <WarningPanel
        severity={stale && !stopped ? 'warning' : 'error'}
        title={title}
        message={errorMessage(error)}
        defaultExpanded
      >
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Button
            size="small"
            variant="outlined"
            onClick={retry}
            disabled={loading}
          >
            {loading ? 'Retrying…' : 'Retry'}
          </Button>
          {stale && updatedAt !== undefined && (
            <Typography variant="body2">
              Showing what was read at <Time at={updatedAt} />.
            </Typography>
          )}
        </Box>
      </WarningPanel>
    </Box>
  );
};
