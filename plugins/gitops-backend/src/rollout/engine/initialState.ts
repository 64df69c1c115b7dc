import type { RolloutState } from './types';

/** The state of a rollout the engine has never ticked: no phase yet, nothing counted. */
export function initialState(
  appKey: string,
  rollout: string,
  now: Date,
): RolloutState {
  const at = now.toISOString();
  return {
    appKey,
    rollout,
    phase: '',
    canaryWeight: 0,
    failedChecks: 0,
    iterations: 0,
    stepIndex: 0,
    trackedConfigs: {},
    requests: {},
    preRolloutDone: false,
    mirrored: false,
    lastTransitionAt: at,
    message: '',
    updatedAt: at,
  };
}
