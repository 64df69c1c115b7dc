import { ReactNode, useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tooltip from '@material-ui/core/Tooltip';
import { errorMessage } from '../common';

/** What an action reports when it went through. */
export interface ActionOutcome {
  message: string;
  /** `error` when the request succeeded but the operation did not, e.g. a failed sync run. */
  severity?: 'success' | 'warning' | 'error';
}

/** Posts an action's outcome or error to the alert bar, so every action reports back. */
export function useActionReporter() {
  const alertApi = useApi(alertApiRef);
  return async (
    perform: () => Promise<ActionOutcome>,
    failurePrefix: string,
  ) => {
    try {
      const outcome = await perform();
      alertApi.post({
        message: outcome.message,
        severity: outcome.severity ?? 'success',
        display: 'transient',
      });
      return true;
    } catch (e) {
      alertApi.post({
        message: `${failurePrefix}: ${errorMessage(e)}`,
        severity: 'error',
      });
      return false;
    }
  };
}

/** Props of {@link ConfirmActionButton}. */
export interface ConfirmActionButtonProps {
  label: string;
  /** Whether the user holds the permission; the button is disabled otherwise. */
  allowed: boolean;
  deniedReason?: string;
  confirmTitle: string;
  confirmText: ReactNode;
  perform: () => Promise<ActionOutcome>;
  /** Called after the action, whatever its outcome, to reload state. */
  onDone?: () => void;
  startIcon?: ReactNode;
}

/** A permission-gated button that asks before it changes anything and reports the result. */
export const ConfirmActionButton = (props: ConfirmActionButtonProps) => {
  const { label, allowed, confirmTitle, confirmText, perform, onDone } = props;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const report = useActionReporter();

  const confirm = async () => {
    setBusy(true);
    await report(perform, `${label} failed`);
    setBusy(false);
    setOpen(false);
    onDone?.();
  };

  const button = (
    <Button
      variant="outlined"
      size="small"
      disabled={!allowed || busy}
      startIcon={props.startIcon}
      onClick={() => setOpen(true)}
    >
      {label}
    </Button>
  );

  return (
    <>
      {allowed ? (
        button
      ) : (
        // A disabled button fires no events; the span lets the tooltip explain why.
        <Tooltip title={props.deniedReason ?? 'You are not allowed to do this'}>
          <span>{button}</span>
        </Tooltip>
      )}
      <Dialog open={open} onClose={() => !busy && setOpen(false)}>
        <DialogTitle>{confirmTitle}</DialogTitle>
        <DialogContent>
          <DialogContentText component="div">{confirmText}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={confirm}
            disabled={busy}
          >
            {busy ? 'Working…' : label}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
