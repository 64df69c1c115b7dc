import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  HealthStatus,
  SyncRunResult,
  SyncStatus,
} from '@slipway/plugin-gitops-common';

type Status = SyncStatus | HealthStatus | SyncRunResult;

const icons: Record<Status, typeof StatusOK> = {
  Synced: StatusOK,
  Healthy: StatusOK,
  Succeeded: StatusOK,
  OutOfSync: StatusWarning,
  Progressing: StatusRunning,
  Running: StatusRunning,
  Suspended: StatusAborted,
  Interrupted: StatusAborted,
  Missing: StatusWarning,
  Unknown: StatusPending,
  Degraded: StatusError,
  Invalid: StatusError,
  Failed: StatusError,
  Error: StatusError,
};

/** A status word with Backstage's matching status icon. */
export const StatusLabel = ({ status }: { status: Status }) => {
  const Icon = icons[status] ?? StatusPending;
  return <Icon>{status}</Icon>;
};
