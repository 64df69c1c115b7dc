import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import {
  gitopsRolloutControlPermission,
  RolloutAction,
  RolloutSummary,
} from '@internal/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { useEntityRef } from '../common';
import { ConfirmActionButton } from '../ConfirmActionButton';
import { whyNotApplicable } from './actionAvailability';

interface ActionCopy {
  action: RolloutAction;
  label: string;
  confirm: (rollout: string, cluster: string) => string;
}

// What each control does, in the engine's terms (docs/rollout-engine.md#manual-controls).
const ACTIONS: ActionCopy[] = [
  {
    action: 'promote',
    label: 'Promote',
    confirm: (r, c) =>
      `Approves the waiting gate or pause of ${r} on ${c}, or skips its current step. The analysis goes on.`,
  },
  {
    action: 'promote-full',
    label: 'Promote fully',
    confirm: (r, c) =>
      `Skips every remaining step and check of ${r} on ${c}: the canary is copied to the primary at once, which still waits until the primary is ready.`,
  },
  {
    action: 'abort',
    label: 'Abort',
    confirm: (r, c) =>
      `Rolls ${r} on ${c} back: all traffic returns to the primary and the canary is scaled to zero. The rollout ends Failed; Retry runs it again.`,
  },
  {
    action: 'retry',
    label: 'Retry',
    confirm: (r, c) =>
      `Runs the failed revision of ${r} on ${c} again from its first step.`,
  },
  {
    action: 'pause',
    label: 'Pause',
    confirm: (r, c) =>
      `Holds ${r} on ${c} at its current weight until someone resumes or promotes it.`,
  },
  {
    action: 'resume',
    label: 'Resume',
    confirm: (r, c) =>
      `Lets the analysis of ${r} on ${c} go on from where it was paused.`,
  },
];

function deniedReason(
  permitted: { loading: boolean; allowed: boolean },
  notApplicable?: string,
) {
  if (permitted.loading)
    return 'Checking whether you may control this rollout…';
  if (!permitted.allowed)
    return `You need the ${gitopsRolloutControlPermission.name} permission`;
  return notApplicable;
}

/** Promote, Promote fully, Abort, Retry, Pause and Resume, each offered when allowed and applicable. */
export const RolloutControls = ({
  cluster,
  rollout,
  onDone,
}: {
  cluster: string;
  rollout: RolloutSummary;
  onDone?: () => void;
}) => {
  const api = useApi(gitopsApiRef);
  const { ref, refString } = useEntityRef();
  const permitted = usePermission({
    permission: gitopsRolloutControlPermission,
    resourceRef: refString,
  });
  return (
    <Box
      display="flex"
      style={{ gap: 8 }}
      flexWrap="wrap"
      aria-label="Rollout controls"
    >
      {ACTIONS.map(({ action, label, confirm }) => {
        const notApplicable = whyNotApplicable(action, rollout.status);
        return (
          <ConfirmActionButton
            key={action}
            label={label}
            allowed={permitted.allowed && !notApplicable}
            deniedReason={deniedReason(permitted, notApplicable)}
            confirmTitle={`${label} ${rollout.name} on ${cluster}?`}
            confirmText={confirm(rollout.name, cluster)}
            perform={async () => {
              const status = await api.controlRollout(
                ref,
                cluster,
                rollout.name,
                action,
              );
              const now = status.message
                ? `${status.phase}: ${status.message}`
                : status.phase;
              return {
                message: `${label} requested for ${rollout.name} on ${cluster}; it is ${now}`,
              };
            }}
            onDone={onDone}
          />
        );
      })}
    </Box>
  );
};
