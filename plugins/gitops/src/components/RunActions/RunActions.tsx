import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import HistoryIcon from '@material-ui/icons/History';
import UndoIcon from '@material-ui/icons/Undo';
import {
  gitopsRollbackPermission,
  SyncRun,
} from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { useEntityRef } from '../common';
import { ConfirmActionButton } from '../ConfirmActionButton';
import { describeSync } from '../SyncButton';

/** Only a run that really deployed its revision can be returned to. */
export const canReturnTo = (
  run: SyncRun,
): run is SyncRun & { revision: string } =>
  run.result === 'Succeeded' && !run.dryRun && Boolean(run.revision);

const DENIED = 'You need the gitops.rollback.trigger permission';

/** Rollback (pin the cluster) and Revert in Git for one successful run. */
export const RunActions = ({
  run,
  cluster,
  onChanged,
}: {
  run: SyncRun;
  cluster: string;
  /** Called after an action, e.g. to reload the runs table. */
  onChanged?: () => void;
}) => {
  const api = useApi(gitopsApiRef);
  const { ref, refString } = useEntityRef();
  const { allowed } = usePermission({
    permission: gitopsRollbackPermission,
    resourceRef: refString,
  });
  if (!canReturnTo(run)) return null;
  const sha = run.revision.slice(0, 12);
  return (
    <Box display="flex" style={{ gap: 8 }}>
      <ConfirmActionButton
        label="Rollback"
        startIcon={<HistoryIcon />}
        allowed={allowed}
        deniedReason={DENIED}
        confirmTitle={`Roll ${cluster} back to ${sha}?`}
        confirmText={`Syncs ${cluster} to ${sha} now and pins it there: auto-sync pauses until someone unpins the app. Git is not changed.`}
        onDone={onChanged}
        perform={async () =>
          describeSync(await api.rollback(ref, cluster, run.id), false)
        }
      />
      <ConfirmActionButton
        label="Revert in Git"
        startIcon={<UndoIcon />}
        allowed={allowed}
        deniedReason={DENIED}
        confirmTitle={`Revert ${cluster} to ${sha} in Git?`}
        confirmText={`Pushes a commit that restores this app's folder to ${sha}; every cluster following the branch then syncs it.`}
        onDone={onChanged}
        perform={async () => {
          const { sha: pushed } = await api.revert(ref, cluster, run.id);
          return {
            message: `Pushed revert commit ${pushed.slice(
              0,
              12,
            )}; ${cluster} syncs it`,
          };
        }}
      />
    </Box>
  );
};
