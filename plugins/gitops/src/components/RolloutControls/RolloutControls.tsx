import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import {
  gitopsRolloutControlPermission,
  RolloutAction,
  RolloutSummary,
} from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { useEntityRef } from '../common';
import { ConfirmActionButton } from '../ConfirmActionButton';
import { isArgoRollout } from '../ArgoRollout';
import { whyNotApplicable } from './actionAvailability';

interface ActionCopy {
  action: RolloutAction;
  label: string;
  confirm: (rollout: string, cluster: string) => string;
  /** What it does to an Argo Rollout, where the engine's words above are wrong. */
  argoConfirm: (rollout: string, cluster: string, blueGreen: boolean) => string;
}

// What each control does, in the engine's terms (docs/rollout-engine.md#manual-controls).
const ACTIONS: ActionCopy[] = [
  {
    action: 'promote',
    label: 'Promote',
    confirm: (r, c) =>
      `Approves the waiting gate or pause of ${r} on ${c}, or skips its current step. The analysis goes on.`,
    argoConfirm: (r, c) =>
      `Moves ${r} on ${c} on, as kubectl argo rollouts promote does: it ends the current pause (a user's pause too) or, with none, skips the current step.`,
  },
  {
    action: 'promote-full',
    label: 'Promote fully',
    confirm: (r, c) =>
      `Skips every remaining step and check of ${r} on ${c}: the canary is copied to the primary at once, which still waits until the primary is ready.`,
    argoConfirm: (r, c) =>
      `Skips every remaining step, pause and analysis of ${r} on ${c}, as kubectl argo rollouts promote --full does: the new ReplicaSet becomes the stable one and takes all traffic once it is available.`,
  },
  {
    action: 'abort',
    label: 'Abort',
    confirm: (r, c) =>
      `Rolls ${r} on ${c} back: all traffic returns to the primary and the canary is scaled to zero. The rollout ends Failed; Retry runs it again.`,
    argoConfirm: (r, c, blueGreen) =>
      blueGreen
        ? `Aborts the update of ${r} on ${c}: scales the preview ReplicaSet down and keeps all traffic on the active (stable) ReplicaSet; the rollout becomes Degraded until retried or updated.`
        : `Aborts the update of ${r} on ${c}: scales the canary ReplicaSet down and sends all traffic back to the stable ReplicaSet; the rollout becomes Degraded until retried or updated.`,
  },
  {
    action: 'retry',
    label: 'Retry',
    confirm: (r, c) =>
      `Runs the failed revision of ${r} on ${c} again from its first step.`,
    argoConfirm: (r, c) =>
      `Clears the abort of ${r} on ${c}, as kubectl argo rollouts retry rollout does: the update runs again from its first step, with new analysis runs.`,
  },
  {
    action: 'pause',
    label: 'Pause',
    confirm: (r, c) =>
      `Holds ${r} on ${c} at its current weight until someone resumes or promotes it.`,
    argoConfirm: (r, c) =>
      `Pauses ${r} on ${c} where it is, as kubectl argo rollouts pause does: no step is taken until someone resumes or promotes it.`,
  },
  {
    action: 'resume',
    label: 'Resume',
    confirm: (r, c) =>
      `Lets the analysis of ${r} on ${c} go on from where it was paused.`,
    argoConfirm: (r, c) =>
      `Unpauses ${r} on ${c}, as kubectl argo rollouts resume does: it goes on from where it was paused; a pause step still waits for its duration or a Promote.`,
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
  const argo = isArgoRollout(rollout);
  const blueGreen = rollout.strategy === 'blueGreen';
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
      {ACTIONS.map(({ action, label, confirm, argoConfirm }) => {
        const notApplicable = whyNotApplicable(action, rollout.status);
        return (
          <ConfirmActionButton
            key={action}
            label={label}
            allowed={permitted.allowed && !notApplicable}
            deniedReason={deniedReason(permitted, notApplicable)}
            confirmTitle={`${label} ${rollout.name} on ${cluster}?`}
            confirmText={
              argo
                ? argoConfirm(rollout.name, cluster, blueGreen)
                : confirm(rollout.name, cluster)
            }
            perform={async () => {
              const status = await api.controlRollout(
                ref,
                cluster,
                rollout.name,
                action,
              );
              // An Argo Rollout answers in Argo's phase and message.
              const phase = status.argo?.phase ?? status.phase;
              const message = status.argo
                ? status.argo.message
                : status.message;
              const now = message ? `${phase}: ${message}` : phase;
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
