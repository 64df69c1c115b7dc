import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import RefreshIcon from '@material-ui/icons/Refresh';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import {
  GitopsApp,
  gitopsRollbackPermission,
  gitopsSyncPermission,
} from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { useEntityRef } from '../common';
import { ConfirmActionButton } from '../ConfirmActionButton';
import { SyncButton } from '../SyncButton';

/** Sync, Refresh and (when pinned) Unpin for one app, each gated by its permission. */
export const AppActions = ({
  app,
  onDone,
}: {
  app: GitopsApp;
  onDone: () => void;
}) => {
  const api = useApi(gitopsApiRef);
  const { ref, refString } = useEntityRef();
  const canSync = usePermission({
    permission: gitopsSyncPermission,
    resourceRef: refString,
  });
  const canUnpin = usePermission({
    permission: gitopsRollbackPermission,
    resourceRef: refString,
  });
  return (
    <Box display="flex" style={{ gap: 8 }} flexWrap="wrap">
      <SyncButton app={app} allowed={canSync.allowed} onDone={onDone} />
      <ConfirmActionButton
        label="Refresh"
        startIcon={<RefreshIcon />}
        allowed={canSync.allowed}
        deniedReason="You need the gitops.sync.trigger permission"
        confirmTitle={`Refresh ${app.cluster}?`}
        confirmText="Reads Git and the cluster again now. With auto-sync on, differences found are applied."
        perform={async () => {
          const { app: after } = await api.refresh(ref, app.cluster);
          return {
            message: `Refreshed ${after.cluster}: ${after.syncStatus}, ${after.healthStatus}`,
          };
        }}
        onDone={onDone}
      />
      {app.pinnedRevision && (
        <ConfirmActionButton
          label="Unpin"
          startIcon={<LockOpenIcon />}
          allowed={canUnpin.allowed}
          deniedReason="You need the gitops.rollback.trigger permission"
          confirmTitle={`Unpin ${app.cluster}?`}
          confirmText={`Resumes auto-sync: ${
            app.cluster
          } moves from ${app.pinnedRevision.slice(
            0,
            12,
          )} to the head of its branch.`}
          perform={async () => {
            const { app: after } = await api.unpin(ref, app.cluster);
            return { message: `Unpinned ${after.cluster}; auto-sync resumed` };
          }}
          onDone={onDone}
        />
      )}
    </Box>
  );
};
