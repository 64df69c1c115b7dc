import type { DeliveryEvent } from '../../notifications/DeliveryEvents';
import type { RolloutState, TickWrites } from './types';

/** Holds someone made and ends themselves: no one needs telling. */
const MANUAL_PAUSE = 'manual pause';

/** What a rollout waits for a person for, if it does: a closed gate or an untimed pause. */
export function waitingFor(
  state: RolloutState,
): { reason: string; key: string } | undefined {
  const { pause } = state;
  if (pause?.until || pause?.reason === MANUAL_PAUSE) return undefined;
  let reason: string | undefined;
  // A closed confirm-promotion gate (Flagger), or Argo's Paused.
  if (state.phase === 'WaitingPromotion')
    reason = pause?.reason ?? 'promotion approval';
  // The confirm-rollout gate, an untimed pause step, an inconclusive analysis.
  else if (state.phase === 'Waiting' && pause) reason = pause.reason;
  if (!reason) return undefined;
  return {
    reason,
    key: [reason, state.runId, state.lastAppliedSpec, state.stepIndex].join(
      '|',
    ),
  };
}

/** What the Canary tab shows of a rollout's state, to tell a tick that changed it. */
export function viewOf(state: RolloutState): string {
  return JSON.stringify([
    state.phase,
    state.canaryWeight,
    state.stepIndex,
    state.iterations,
    state.failedChecks,
    state.message,
    state.pause,
    state.runId,
    state.requests,
    state.lastAppliedSpec,
    state.lastPromotedSpec,
    state.argo,
  ]);
}

/** What a tick started from, taken before it changes the state. */
export interface TickStart {
  waitKey?: string;
  view: string;
}

export function tickStart(state: RolloutState): TickStart {
  return { waitKey: waitingFor(state)?.key, view: viewOf(state) };
}

/**
 * The delivery events a committed tick recorded: runs it ended Failed or
 * Succeeded (from the run history the tick wrote), and a wait for a person
 * that began in it. Aborted and superseded runs were someone's doing, or
 * are followed by another run: no one is told.
 */
export function tickDeliveryEvents(
  rollout: { appKey: string; rollout: string },
  start: TickStart,
  state: RolloutState,
  writes: TickWrites,
  runIds?: ReadonlyMap<number, number>,
): DeliveryEvent[] {
  const events: DeliveryEvent[] = [];
  const { appKey } = rollout;
  for (const finished of writes.finishedRuns) {
    if (finished.result !== 'Failed' && finished.result !== 'Succeeded')
      continue;
    const runId = finished.id < 0 ? runIds?.get(finished.id) : finished.id;
    if (runId === undefined) continue;
    events.push({
      kind: finished.result === 'Failed' ? 'rolloutFailed' : 'rolloutSucceeded',
      appKey,
      rollout: rollout.rollout,
      runId,
      revision: state.lastAppliedSpec,
      message: finished.message,
    });
  }
  const wait = waitingFor(state);
  if (wait && wait.key !== start.waitKey) {
    events.push({
      kind: 'rolloutWaiting',
      appKey,
      rollout: rollout.rollout,
      runId: state.runId,
      revision: state.lastAppliedSpec,
      stepIndex: state.stepIndex,
      reason: wait.reason,
      message: state.message || undefined,
    });
  }
  return events;
}

/** Whether the tick changed what the Canary tab shows. */
export function tickChangedView(
  start: TickStart,
  state: RolloutState,
  writes: TickWrites,
): boolean {
  return (
    writes.runs.length > 0 ||
    writes.finishedRuns.length > 0 ||
    writes.events.length > 0 ||
    writes.checks.length > 0 ||
    viewOf(state) !== start.view
  );
}
