import type { RolloutSpec } from '../../spec';
import type { RolloutState } from '../types';

/**
 * The wall-clock deadline on a readiness wait: the wait starts the first
 * tick it is seen and expires `progressDeadlineSeconds` later, where Flagger
 * would wait forever (docs/rollout-engine.md#readiness).
 */
export function readinessWait(
  state: Pick<RolloutState, 'waitingSince'>,
  now: Date,
  spec: Pick<RolloutSpec, 'progressDeadlineSeconds'>,
): { waitingSince: string; expired: boolean } {
  const waitingSince = state.waitingSince ?? now.toISOString();
  const waited = now.getTime() - Date.parse(waitingSince);
  return {
    waitingSince,
    expired: waited > spec.progressDeadlineSeconds * 1000,
  };
}
