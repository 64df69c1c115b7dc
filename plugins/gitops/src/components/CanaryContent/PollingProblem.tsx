import { WarningPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { errorMessage, PollingState } from '../common';

/** Why a polled view is stale, with a way to start polling again once it gave up. */
export const PollingProblem = ({
  state,
  what,
}: {
  state: PollingState<unknown>;
  what: string;
}) => {
  if (!state.error) return null;
  const title = state.stopped
    ? `Live updates of ${what} stopped after repeated errors`
    : `Could not load ${what}`;
  return (
    <WarningPanel
      severity="error"
      title={title}
      message={errorMessage(state.error)}
    >
      {state.stopped && (
        <Button size="small" variant="outlined" onClick={state.retry}>
          Retry now
        </Button>
      )}
    </WarningPanel>
  );
};
