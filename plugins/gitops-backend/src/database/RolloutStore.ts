import type {
  Page,
  RolloutCheck,
  RolloutEvent,
  RolloutPhase,
  RolloutRun,
} from '@slipway/plugin-gitops-common';

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
 * `Argo` is what the engine keeps of an Argo Rollout: the store saves it
 * as JSON and knows nothing of it.
 */
export interface RolloutState<Argo = unknown> {
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
  /** An Argo Rollouts `Rollout`'s own status and AnalysisRuns; absent for other rollouts. */
  argo?: Argo;
}

export type NewRolloutRun = Omit<RolloutRun, 'id'>;
export type NewRolloutCheck = Omit<RolloutCheck, 'id'>;
export type NewRolloutEvent = Omit<RolloutEvent, 'id'> & {
  appKey: string;
  rollout: string;
};

/**
 * The right to tick one rollout, as a claim handed it out. Every write a
 * tick makes carries it and is refused with a LeaseLostError once the lease
 * moved to another owner.
 */
export interface RolloutLease {
  appKey: string;
  rollout: string;
  owner: string;
  /** Bumped on every change of owner. */
  token: number;
}

/**
 * A valid rollout as the last reconcile of its app stored it. Raw JSON, so
 * the engine parses it only when it changed.
 */
export interface StoredRollout {
  appKey: string;
  rollout: string;
  /** The RolloutSpec. */
  spec: string;
  /** The MetricTemplate and AlertProvider documents rendered beside it (a list). */
  documents: string;
  /** The app as its last reconcile saw it (AppSpec). */
  app: string;
}

/** A rollout claimed for a tick, with what the tick starts from. */
export interface ClaimedRollout<Argo = unknown> {
  lease: RolloutLease;
  definition: StoredRollout;
  /** Undefined until the rollout's first tick is saved. */
  state?: RolloutState<Argo>;
}

/**
 * What a tick recorded besides its state, saved with it in one transaction.
 * Runs it opened carry negative placeholder ids until then: the commit puts
 * the real ids in the state, the events, the checks and the finished runs.
 */
export interface TickWrites {
  runs: Array<{ placeholder: number; run: NewRolloutRun }>;
  finishedRuns: Array<
    { id: number } & Pick<RolloutRun, 'result' | 'message' | 'finishedAt'>
  >;
  events: NewRolloutEvent[];
  checks: NewRolloutCheck[];
}

/** How a tick's results are fenced and what they leave for the next one. */
export interface TickCommit {
  lease: RolloutLease;
  /** The requests the tick started from: requests recorded since then are kept. */
  requestsRead: RolloutRequests;
  /** The lease is held until then (past the next tick), so the holder keeps the rollout. */
  leaseUntil: Date;
}

/** What a committed tick learnt from the store. */
export interface TickCommitted {
  /** Requests were recorded during the tick: it is due again at once. */
  requestsArrived: boolean;
  /** The real ids of the runs the tick opened, by their placeholders (below zero). */
  runIds?: ReadonlyMap<number, number>;
}

/** Persistence of rollout state (`Argo`: see RolloutState), runs, checks and events, and the rollouts' leases. */
export interface RolloutStore<Argo = unknown> {
  getRolloutState(
    appKey: string,
    rollout: string,
  ): Promise<RolloutState<Argo> | undefined>;
  /** Every rollout's state, or one app's. */
  listRolloutStates(appKey?: string): Promise<RolloutState<Argo>[]>;
  /**
   * Insert or replace, outside any tick (imports, tests); refused with a
   * ConflictError while a backend holds the rollout's lease.
   */
  saveRolloutState(state: RolloutState<Argo>): Promise<void>;
  deleteRolloutState(appKey: string, rollout: string): Promise<void>;

  /**
   * Stores the documents an app's rollouts use besides their specs (after
   * the reconcile that stored the specs), and makes the named rollouts that
   * have no state yet due now.
   */
  registerRollouts(
    appKey: string,
    rollouts: string[],
    documents: unknown[],
  ): Promise<void>;
  /** The app's rollout by name, when its spec is valid; documents and app only once handed over. */
  getStoredRollout(
    appKey: string,
    rollout: string,
  ): Promise<(Partial<StoredRollout> & { spec: string }) | undefined>;

  /**
   * Takes or renews the right to tick one rollout for `ttlMs`, due or not;
   * undefined while another owner holds an unexpired lease.
   */
  claimRollout(
    appKey: string,
    rollout: string,
    owner: string,
    ttlMs: number,
  ): Promise<RolloutLease | undefined>;
  /**
   * Claims up to `limit` valid rollouts whose next tick is due and whose
   * lease is free, expired or `owner`'s. A claimed rollout is not due again
   * before the claim expires, unless someone asks for it.
   */
  claimDueRollouts(
    owner: string,
    limit: number,
    ttlMs: number,
  ): Promise<ClaimedRollout<Argo>[]>;
  /** Extends a lease until `until`; false once it moved. */
  renewRollout(lease: RolloutLease, until: Date): Promise<boolean>;
  /** Hands back every lease `owner` holds, so another backend continues at once. */
  releaseRollouts(owner: string): Promise<void>;
  /**
   * Saves a tick's state and writes in one transaction, under its lease
   * (LeaseLostError once it moved). Requests recorded during the tick are
   * merged in, and make the rollout due at once (`requestsArrived`). Puts
   * the real run ids and the merged requests in `state`.
   */
  commitTick(
    state: RolloutState<Argo>,
    writes: TickWrites,
    commit: TickCommit,
  ): Promise<TickCommitted>;
  /**
   * Records a manual request on the rollout's stored requests without
   * touching the rest of its state, and makes it due now, whoever holds it.
   * `apply` validates against the state read and may throw; it runs again
   * if the state changed meanwhile. Undefined when there is no state yet.
   */
  recordRolloutRequest(
    appKey: string,
    rollout: string,
    apply: (state: RolloutState<Argo>) => void | Promise<void>,
  ): Promise<RolloutState<Argo> | undefined>;

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
