import type { RolloutState } from '../types';

/** The state of a run in progress, at step 0, with the given fields changed. */
export function runState(fields: Partial<RolloutState> = {}): RolloutState {
  return {
    appKey: 'component:default/podinfo@local',
    rollout: 'podinfo',
    phase: 'Progressing',
    canaryWeight: 0,
    failedChecks: 0,
    iterations: 0,
    stepIndex: 0,
    lastAppliedSpec: 'h1',
    lastPromotedSpec: 'h0',
    trackedConfigs: {},
    requests: {},
    preRolloutDone: true,
    mirrored: false,
    runId: 1,
    lastTransitionAt: '2030-01-01T00:00:00.000Z',
    message: '',
    updatedAt: '2030-01-01T00:00:00.000Z',
    ...fields,
  };
}
