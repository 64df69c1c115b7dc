import type { RolloutPhase } from '@slipway/plugin-gitops-common';
import type { TickRecorder } from '../ports';
import { setPhase } from '../phases';
import type { RolloutState } from '../types';
import type {
  ArgoPauseReason,
  ArgoRolloutStatus,
  ArgoUserRequest,
} from '../../argo/controller/types';
import { currentCanaryStep, currentSetWeight } from '../../argo/replicas';
import type { ArgoRolloutSpec } from '../../argo/spec/types';

/** Pause reasons in the words the Canary tab uses for every rollout. */
const PAUSE_REASONS: Record<ArgoPauseReason, string> = {
  CanaryPauseStep: 'pause step',
  BlueGreenPause: 'promotion approval',
  InconclusiveAnalysisRun: 'inconclusive analysis',
  InconclusiveExperiment: 'inconclusive analysis',
};

const isPromoted = (status: ArgoRolloutStatus) =>
  status.stableRS !== '' && status.stableRS === status.currentPodHash;

/** Slipway's phase for Argo's: the tab, the card and the fleet page read it. */
function slipwayPhase(
  state: RolloutState,
  status: ArgoRolloutStatus,
): RolloutPhase {
  switch (status.phase) {
    case 'Degraded':
      return 'Failed';
    case 'Paused':
      return 'WaitingPromotion';
    case 'Healthy':
      return state.runId === undefined ? 'Initialized' : 'Succeeded';
    default:
      return status.stableRS === '' || isPromoted(status)
        ? 'Initializing'
        : 'Progressing';
  }
}

/** The canary's share of traffic: as routed, else as the step sets it by replica counts. */
function canaryWeight(
  spec: ArgoRolloutSpec,
  status: ArgoRolloutStatus,
): number {
  if (isPromoted(status) || status.abort || spec.strategy.kind !== 'canary')
    return 0;
  return (
    status.canary.weights?.canary.weight ??
    currentSetWeight(spec, {
      currentStepIndex: status.currentStepIndex,
      aborted: status.abort,
    })
  );
}

/**
 * Mirrors Argo's status into the fields every rollout has (phase, weight,
 * step, pause, revisions), so the REST API, the Canary tab and the fleet
 * page show an Argo Rollout as they show the others; Argo's own status
 * stays in `state.argo`.
 */
export function mirrorArgoStatus(
  state: RolloutState,
  spec: ArgoRolloutSpec,
  at: string,
): void {
  const status = state.argo!.status;
  setPhase(state, slipwayPhase(state, status), at);
  state.canaryWeight = canaryWeight(spec, status);
  state.stepIndex = status.currentStepIndex ?? 0;
  state.lastAppliedSpec = status.currentPodHash || undefined;
  state.lastPromotedSpec = status.stableRS || undefined;
  const pause = status.pauseConditions[0];
  if (!pause) {
    state.pause = state.requests.paused
      ? { reason: 'manual pause', startedAt: state.pause?.startedAt ?? at }
      : undefined;
    return;
  }
  const { step } = currentCanaryStep(spec, status);
  const seconds =
    pause.reason === 'CanaryPauseStep'
      ? step?.pause?.durationSeconds
      : undefined;
  state.pause = {
    reason: PAUSE_REASONS[pause.reason],
    startedAt: pause.startTime,
    ...(seconds !== undefined
      ? {
          until: new Date(
            Date.parse(pause.startTime) + seconds * 1000,
          ).toISOString(),
        }
      : {}),
  };
}

/**
 * Slipway's run history for an Argo Rollout: a run opens when an update
 * starts (a template other than the stable one), and ends promoted,
 * aborted (by a user) or failed (by analysis or the progress deadline), or
 * superseded by a newer template.
 */
export async function trackRun(
  state: RolloutState,
  log: TickRecorder,
  requests: ArgoUserRequest[],
): Promise<void> {
  const argo = state.argo!;
  const { status } = argo;
  const hash = status.currentPodHash;
  if (argo.runOpen && hash !== state.lastAppliedSpec) {
    await log.finishRun(state, 'Superseded', `Superseded by revision ${hash}`);
    argo.runOpen = false;
  }
  if (argo.runOpen && isPromoted(status)) {
    await log.finishRun(
      state,
      'Succeeded',
      `Rollout of revision ${hash} is complete`,
    );
    argo.runOpen = false;
  }
  if (argo.runOpen && status.abort) {
    const byUser = requests.includes('abort');
    await log.finishRun(
      state,
      byUser ? 'Aborted' : 'Failed',
      byUser
        ? 'Rollout aborted by request'
        : status.message || 'Rollout aborted',
    );
    argo.runOpen = false;
  }
  if (
    !argo.runOpen &&
    status.stableRS !== '' &&
    !isPromoted(status) &&
    !status.abort
  ) {
    state.runId = await log.startRun(state, hash);
    argo.runOpen = true;
  }
}
