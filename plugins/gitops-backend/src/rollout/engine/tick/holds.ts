import type { RolloutState } from '../types';
import { setPhase } from '../phases';
import type { TickContext } from './TickContext';

const MANUAL = 'manual pause';

/** What the holds make of a tick: the state after them, whether the tick stops, what to say. */
export interface HoldCheck {
  next: RolloutState;
  held: boolean;
  event?: string;
}

/**
 * A manual pause holds until resumed; a pause step or an inconclusive
 * analysis holds until due or promoted. Pure: returns the next state.
 */
export function checkHolds(
  state: RolloutState,
  now: Date,
  id: string,
): HoldCheck {
  // The holds change the top level, the pause and the requests, and nothing deeper.
  const next: RolloutState = {
    ...state,
    pause: state.pause && { ...state.pause },
    requests: { ...state.requests },
  };
  const at = now.toISOString();
  if (next.requests.paused) {
    if (next.pause?.reason === MANUAL) return { next, held: true };
    next.pause = { reason: MANUAL, startedAt: at };
    setPhase(next, 'Waiting', at);
    return { next, held: true, event: `Paused ${id} by request` };
  }
  if (next.pause?.reason === MANUAL) {
    next.pause = undefined;
    setPhase(next, 'Progressing', at);
    return { next, held: false, event: `Resumed ${id} by request` };
  }
  const pause = next.pause;
  if (!pause) return { next, held: false };
  const due =
    pause.until !== undefined && Date.parse(pause.until) <= now.getTime();
  if (!due) {
    // A promote request lets the run past this one hold.
    if (!next.requests.promote) return { next, held: true };
    next.requests.promote = false;
  }
  next.pause = undefined;
  if (next.phase === 'Waiting') setPhase(next, 'Progressing', at);
  if (pause.reason === 'pause step') next.stepIndex++;
  const how = due ? '' : ' by promote';
  return {
    next,
    held: false,
    event: `Resumed ${id} after ${pause.reason}${how}`,
  };
}

/** Applies the holds to the tick's state; true when the run stays where it is. */
export async function held(ctx: TickContext): Promise<boolean> {
  const {
    next,
    held: stays,
    event,
  } = checkHolds(ctx.state, ctx.deps.now(), ctx.id);
  Object.assign(ctx.state, next);
  if (event) await ctx.event(event);
  return stays;
}
