import type { Revision } from '../../workloads/types';
import type { RolloutState } from '../types';

/**
 * Whether the live revision asks for a run: changed ConfigMaps/Secrets, or a
 * template hash that is neither the one analysed last nor the one promoted
 * last, so a manual revert to the promoted revision starts nothing
 * (docs/rollout-engine.md#revisions).
 */
export function revisionChanged(
  state: Pick<
    RolloutState,
    'trackedConfigs' | 'lastAppliedSpec' | 'lastPromotedSpec'
  >,
  revision: Revision,
): boolean {
  if (!sameConfigs(revision.trackedConfigs, state.trackedConfigs)) return true;
  return (
    revision.hash !== state.lastAppliedSpec &&
    revision.hash !== state.lastPromotedSpec
  );
}

/** The counters and holds a new run starts from. */
export function freshRun(): Pick<
  RolloutState,
  | 'canaryWeight'
  | 'failedChecks'
  | 'iterations'
  | 'stepIndex'
  | 'preRolloutDone'
  | 'mirrored'
  | 'pause'
  | 'waitingSince'
  | 'requests'
> {
  return {
    canaryWeight: 0,
    failedChecks: 0,
    iterations: 0,
    stepIndex: 0,
    preRolloutDone: false,
    mirrored: false,
    pause: undefined,
    waitingSince: undefined,
    requests: {},
  };
}

function sameConfigs(
  a: Record<string, string>,
  b: Record<string, string>,
): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
