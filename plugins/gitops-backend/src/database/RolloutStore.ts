import type {
  Page,
  RolloutCheck,
  RolloutEvent,
  RolloutPhase,
  RolloutRun,
} from '@internal/plugin-gitops-common';

/** Manual requests a tick acts on (docs/rollout-engine.md#manual-controls). */
export interface RolloutRequests {
  /** Skip the current pause or gate once. */
  promote?: boolean;
  /** Skip every remaining step and analysis; still waits for readiness. */
  promoteFull?: boolean;
  /** Roll back now; the spec stays as it is. */
  abort?: boolean;
  /** Start the failed/aborted revision again from step 0. */
  retry?: boolean;
  /** Hold at the current step until resumed. */
  paused?: boolean;
}

/**
 * Everything the engine knows of one rollout between ticks. Persisted after
 * every tick, so a restarted backend resumes without repeating a step.
 */
export interface RolloutState {
  appKey: string;
  /** The rollout document's name. */
  rollout: string;
  /** Empty until initialisation starts. */
  phase: RolloutPhase | '';
  canaryWeight: number;
  failedChecks: number;
  iterations: number;
  stepIndex: number;
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
  /** `configmap/<n>` | `secret/<n>` → checksum, as last seen. */
  trackedConfigs: Record<string, string>;
  pause?: { reason: string; startedAt: string; until?: string };
  requests: RolloutRequests;
  /** pre-rollout hooks ran for this run (they run once per run). */
  preRolloutDone: boolean;
  /** The mirror step of a mirroring canary ran. */
  mirrored: boolean;
  runId?: number;
  /** Start of the current readiness wait, for the wall-clock deadline. */
  waitingSince?: string;
  lastTransitionAt: string;
  lastTickAt?: string;
  nextTickAt?: string;
  message: string;
  updatedAt: string;
}

export type NewRolloutRun = Omit<RolloutRun, 'id'>;
export type NewRolloutCheck = Omit<RolloutCheck, 'id'>;
export type NewRolloutEvent = Omit<RolloutEvent, 'id'> & {
  appKey: string;
  rollout: string;
};

/** Persistence of rollout state, runs, checks and events. */
export interface RolloutStore {
  getRolloutState(
    appKey: string,
    rollout: string,
  ): Promise<RolloutState | undefined>;
  /** Every rollout's state, or one app's. */
  listRolloutStates(appKey?: string): Promise<RolloutState[]>;
  /** Insert or replace. */
  saveRolloutState(state: RolloutState): Promise<void>;
  deleteRolloutState(appKey: string, rollout: string): Promise<void>;
  /**
   * Takes or renews the right to tick a rollout for `ttlMs`; false while
   * another owner holds an unexpired lease (one writer per rollout).
   */
  claimRollout(
    appKey: string,
    rollout: string,
    owner: string,
    ttlMs: number,
  ): Promise<boolean>;

  addRolloutRun(run: NewRolloutRun): Promise<number>;
  finishRolloutRun(
    id: number,
    update: Pick<RolloutRun, 'result' | 'message' | 'finishedAt'>,
  ): Promise<void>;
  getRolloutRun(id: number): Promise<RolloutRun | undefined>;
  /** Newest first. */
  listRolloutRuns(
    appKey: string,
    rollout: string,
    page: { offset: number; limit: number },
  ): Promise<Page<RolloutRun>>;

  addRolloutChecks(checks: NewRolloutCheck[]): Promise<void>;
  /** Oldest first. */
  listRolloutChecks(runId: number): Promise<RolloutCheck[]>;

  addRolloutEvent(event: NewRolloutEvent): Promise<number>;
  /** Oldest first; the newest `limit` when given. */
  listRolloutEvents(
    appKey: string,
    rollout: string,
    options?: { runId?: number; limit?: number },
  ): Promise<RolloutEvent[]>;
}
