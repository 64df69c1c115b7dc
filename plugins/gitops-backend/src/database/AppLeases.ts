import type { ParsedApp } from '../catalog/AppSpec';

/** One backend's right to reconcile one app, until it expires or moves. */
export interface AppLease {
  key: string;
  owner: string;
  /** Bumped on every claim: a write carrying an older token is refused. */
  token: number;
}

/** A claimed app and what its row says about the work to do. */
export interface ClaimedApp {
  lease: AppLease;
  /** The app as the catalog declares it now. */
  app: ParsedApp;
  /** The last push or manual action: ref listings older than this are stale. */
  refetchAt?: Date;
  /** Failed automatic syncs in a row before this claim. */
  syncFailures: number;
  /** The backend whose lease ran out without a release: it stopped or stalled. */
  takenFrom?: string;
}

/** A run whose backend stopped before it finished. */
export interface InterruptedRun {
  id: number;
  appKey: string;
  trigger: string;
}

/** When the app is due next, and the retry count to keep. */
export interface AppRelease {
  dueAt: Date;
  syncFailures: number;
}

/**
 * The apps the catalog declares, each with a due time and a lease: the
 * work every backend replica shares through the database.
 */
export interface AppLeases {
  /** Records the apps the catalog declares now; new and changed ones are due at once. */
  declare(apps: ParsedApp[]): Promise<void>;
  /** The app as the catalog last declared it. */
  declared(key: string): Promise<ParsedApp | undefined>;
  /** Same, for many apps at once. */
  declaredApps(keys: string[]): Promise<Map<string, ParsedApp>>;

  /** Claims up to `limit` due apps whose lease is free or expired. */
  claimDue(
    owner: string,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedApp[]>;
  /** Claims one app now, due or not; undefined while another holds it. */
  claim(
    key: string,
    owner: string,
    leaseMs: number,
  ): Promise<ClaimedApp | undefined>;
  /** Extends the lease; false when it moved to another backend. */
  renew(lease: AppLease, leaseMs: number): Promise<boolean>;
  /** Ends the lease. The app is due at `dueAt`, or earlier if asked for meanwhile. */
  release(lease: AppLease, release: AppRelease): Promise<void>;
  /** Makes apps due now (`refetch`: refs listed before now are stale). Returns the keys found. */
  makeDue(
    target: { keys: string[] } | { repoUrl: string },
    options?: { refetch?: boolean },
  ): Promise<string[]>;
  /**
   * Ends as `Interrupted` the runs and operations whose backend no longer
   * holds the app (it crashed or lost the lease), and pending operations of
   * apps the catalog no longer declares. Returns the runs ended.
   */
  interruptOrphans(): Promise<InterruptedRun[]>;
  /** Apps due now but not claimed, and apps claimed, for the queue metrics. */
  queueDepth(): Promise<{ due: number; running: number }>;
}
