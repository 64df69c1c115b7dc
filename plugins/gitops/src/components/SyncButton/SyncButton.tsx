import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import SyncIcon from '@material-ui/icons/Sync';
import { GitopsApp } from '@internal/plugin-gitops-common';
import { gitopsApiRef, SyncResponse } from '../../api';
import { useEntityRef } from '../common';
import { useActionReporter } from '../ConfirmActionButton';
import { parseRefusals, summarizeRefusals } from '../ProjectRefusals';

/** How a finished sync reads in the alert bar. */
export function describeSync(result: SyncResponse, dryRun: boolean) {
  const what = dryRun ? 'Dry run' : 'Sync run';
  if (result.ok) {
    return {
      message: `${what} #${result.runId} on ${result.app.cluster} succeeded`,
      severity: 'success' as const,
    };
  }
  // A project refusal can name many objects: the alert says which rules, the
  // card lists each object.
  const refusals = parseRefusals(result.app.message);
  const reason = refusals ? summarizeRefusals(refusals) : result.app.message;
  const why = reason ? `: ${reason}` : '';
  return {
    message: `${what} #${result.runId} on ${result.app.cluster} failed${why}`,
    severity: 'error' as const,
  };
}

/** Props of {@link SyncButton}. */
export interface SyncButtonProps {
  app: GitopsApp;
  allowed: boolean;
  onDone: () => void;
}

/** Sync with options: the dialog is the confirmation, listing what will happen. */
export const SyncButton = ({ app, allowed, onDone }: SyncButtonProps) => {
  const api = useApi(gitopsApiRef);
  const { ref } = useEntityRef();
  const report = useActionReporter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [revision, setRevision] = useState('');
  const [prune, setPrune] = useState(false);
  const [dryRun, setDryRun] = useState(false);

  const sync = async () => {
    setBusy(true);
    const options = { revision: revision.trim() || undefined, prune, dryRun };
    await report(
      async () =>
        describeSync(await api.sync(ref, app.cluster, options), dryRun),
      'Sync failed',
    );
    setBusy(false);
    setOpen(false);
    onDone();
  };

  const confirmLabel = dryRun ? 'Start dry run' : 'Sync now';
  const button = (
    <Button
      variant="outlined"
      size="small"
      color="primary"
      startIcon={<SyncIcon />}
      disabled={!allowed || busy}
      onClick={() => setOpen(true)}
    >
      Sync
    </Button>
  );

  return (
    <>
      {allowed ? (
        button
      ) : (
        <Tooltip title="You need the gitops.sync.trigger permission">
          <span>{button}</span>
        </Tooltip>
      )}
      <Dialog open={open} onClose={() => !busy && setOpen(false)}>
        <DialogTitle>Sync {app.cluster}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {dryRun
              ? 'Compares the revision with the cluster without changing anything.'
              : 'Applies the revision to the cluster now.'}
            {app.pinnedRevision &&
              ' The app is pinned; a sync does not unpin it.'}
          </DialogContentText>
          <TextField
            id="gitops-sync-revision"
            label="Revision"
            helperText="Branch, tag or commit; empty for the tracked branch"
            value={revision}
            onChange={e => setRevision(e.target.value)}
            fullWidth
            margin="dense"
          />
          <FormControlLabel
            control={
              <Checkbox checked={prune} onChange={(_e, v) => setPrune(v)} />
            }
            label="Prune resources no longer in Git"
          />
          <FormControlLabel
            control={
              <Checkbox checked={dryRun} onChange={(_e, v) => setDryRun(v)} />
            }
            label="Dry run"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={sync}
            disabled={busy}
          >
            {busy ? 'Syncing…' : confirmLabel}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
