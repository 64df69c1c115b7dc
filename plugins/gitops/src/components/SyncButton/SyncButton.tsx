import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import SyncIcon from '@material-ui/icons/Sync';
import { GitopsApp } from '@slipway/plugin-gitops-common';
import { gitopsApiRef, OperationResponse } from '../../api';
import { useEntityRef } from '../common';
import { ConfirmActionButton } from '../ConfirmActionButton';
import { parseRefusals, summarizeRefusals } from '../ProjectRefusals';

/** How a finished sync reads in the alert bar. */
export function describeSync(result: OperationResponse, dryRun: boolean) {
  const what = dryRun ? 'Dry run' : 'Sync run';
  const { operation, app } = result;
  const run = operation.runId ? `${what} #${operation.runId}` : what;
  if (operation.status === 'Succeeded') {
    return {
      message: `${run} on ${app.cluster} succeeded`,
      severity: 'success' as const,
    };
  }
  // A project refusal can name many objects: the alert says which rules, the
  // card lists each object.
  const said = operation.message ?? app.message;
  const refusals = parseRefusals(said);
  const reason = refusals ? summarizeRefusals(refusals) : said;
  const why = reason ? `: ${reason}` : '';
  const ended =
    operation.status === 'Interrupted' ? 'was interrupted' : 'failed';
  return {
    message: `${run} on ${app.cluster} ${ended}${why}`,
    severity: 'error' as const,
  };
}

/** Props of {@link SyncButton}. */
export interface SyncButtonProps {
  app: GitopsApp;
  allowed: boolean;
  onDone: () => void;
}

/** Sync with options: the confirmation dialog holds them and says what will happen. */
export const SyncButton = ({ app, allowed, onDone }: SyncButtonProps) => {
  const api = useApi(gitopsApiRef);
  const { ref } = useEntityRef();
  const [revision, setRevision] = useState('');
  const [prune, setPrune] = useState(false);
  const [dryRun, setDryRun] = useState(false);

  const what = dryRun
    ? 'Compares the revision with the cluster without changing anything.'
    : 'Applies the revision to the cluster now.';
  return (
    <ConfirmActionButton
      label="Sync"
      color="primary"
      startIcon={<SyncIcon />}
      allowed={allowed}
      deniedReason="You need the gitops.sync.trigger permission"
      confirmTitle={`Sync ${app.cluster}`}
      confirmText={
        app.pinnedRevision
          ? `${what} The app is pinned; a sync does not unpin it.`
          : what
      }
      confirmLabel={dryRun ? 'Start dry run' : 'Sync now'}
      busyLabel="Syncing…"
      perform={async () => {
        const options = {
          revision: revision.trim() || undefined,
          prune,
          dryRun,
        };
        return describeSync(await api.sync(ref, app.cluster, options), dryRun);
      }}
      onDone={onDone}
    >
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
        control={<Checkbox checked={prune} onChange={(_e, v) => setPrune(v)} />}
        label="Prune resources no longer in Git"
      />
      <FormControlLabel
        control={
          <Checkbox checked={dryRun} onChange={(_e, v) => setDryRun(v)} />
        }
        label="Dry run"
      />
    </ConfirmActionButton>
  );
};
