import { ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tooltip from '@material-ui/core/Tooltip';
import { ActionOutcome, useActionReporter } from './useActionReporter';

/** Props of {@link ConfirmActionButton}. */
export interface ConfirmActionButtonProps {
  label: string;
  /** Whether the user holds the permission; the button is disabled otherwise. */
  allowed: boolean;
  deniedReason?: string;
  confirmTitle: string;
  /** What the action will do, in words. */
  confirmText: ReactNode;
  /** Options to choose before confirming, shown under the text. */
  children?: ReactNode;
  /** The dialog's confirm button; the label by default. */
  confirmLabel?: string;
  /** The confirm button while the action runs. */
  busyLabel?: string;
  perform: () => Promise<ActionOutcome>;
  /** Called after the action, whatever its outcome, to reload state. */
  onDone?: () => void;
  startIcon?: ReactNode;
  color?: 'default' | 'primary';
}

/**
 * A permission-gated button that asks before it changes anything and reports
 * the result: the one confirmation dialog of the plugin.
 */
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
      color={props.color}
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
          {props.children}
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
            {busy ? props.busyLabel ?? 'Working…' : props.confirmLabel ?? label}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
