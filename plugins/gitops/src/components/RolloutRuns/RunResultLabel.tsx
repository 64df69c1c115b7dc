import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { RolloutRunResult } from '@slipway/plugin-gitops-common';

const icons: Record<RolloutRunResult, typeof StatusOK> = {
  Running: StatusRunning,
  Succeeded: StatusOK,
  Failed: StatusError,
  Aborted: StatusAborted,
  Superseded: StatusPending,
};

/** A rollout run's result with Backstage's matching status icon. */
export const RunResultLabel = ({ result }: { result: RolloutRunResult }) => {
  const Icon = icons[result] ?? StatusPending;
  return <Icon>{result}</Icon>;
};
