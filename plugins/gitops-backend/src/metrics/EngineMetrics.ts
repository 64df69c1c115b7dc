/**
 * What the engines report about their own work, so an operator can see a
 * replica fall behind. docs/metrics.md names each instrument and what it
 * tells; this port keeps the engines free of any metrics library.
 */

/** The shared sync queue at one moment, read from the database at each collection. */
export interface SyncQueueDepth {
  /** Apps whose due time has passed that no replica has claimed yet. */
  due: number;
  /** Apps held by a replica's lease, i.e. being reconciled now. */
  running: number;
}

/** Reads the queue depth; called only when metrics are collected. */
export type SyncQueueReader = () => Promise<SyncQueueDepth>;

export interface ReconcileOutcome {
  seconds: number;
  /** False when the reconcile or its sync failed. */
  ok: boolean;
  /** True when the reconcile applied manifests (a sync), not only compared. */
  synced: boolean;
}

export interface RolloutTickOutcome {
  seconds: number;
  /** The rollout's phase after the tick, e.g. `Progressing`. */
  phase: string;
  /** `failed` when the tick threw before it could finish. */
  result: 'ok' | 'failed';
}

/** Kubernetes API verbs, as the API server's audit log names them, plus discovery. */
export type KubeVerb =
  | 'discovery'
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'apply'
  | 'delete'
  | 'deletecollection'
  | 'other';

export interface KubeRequestOutcome {
  /** Slipway's name for the cluster. */
  cluster: string;
  verb: KubeVerb;
  /** The HTTP status; undefined when no answer came (refused, reset, timed out). */
  status?: number;
}

export interface LeaseMove {
  lease: 'app' | 'rollout';
  /**
   * `claimed`: this replica took over a lease another owner held and let
   * expire. `lost`: a renewal or a fenced write found the lease gone.
   */
  move: 'claimed' | 'lost';
  /** How many leases moved at once (a claim batch may take several). */
  count?: number;
}

/** Where an engine error happened. */
export type EngineErrorKind = 'reconcile' | 'tick' | 'catalog' | 'lease';

/** The part of the metrics the Kubernetes client needs. */
export interface KubeRequestMetrics {
  kubeRequestDone(outcome: KubeRequestOutcome): void;
}

export interface EngineMetrics extends KubeRequestMetrics {
  /**
   * Reports the sync queue through `read` at every collection, until the
   * returned function is called (on shutdown).
   */
  observeSyncQueue(read: SyncQueueReader): () => void;
  reconcileDone(outcome: ReconcileOutcome): void;
  rolloutTickDone(outcome: RolloutTickOutcome): void;
  leaseMoved(move: LeaseMove): void;
  errorSeen(kind: EngineErrorKind): void;
}

/** Metrics that record nothing: for code paths and tests that run without them. */
export const noEngineMetrics: EngineMetrics = {
  observeSyncQueue: () => () => undefined,
  reconcileDone: () => undefined,
  rolloutTickDone: () => undefined,
  kubeRequestDone: () => undefined,
  leaseMoved: () => undefined,
  errorSeen: () => undefined,
};

/** Starts a clock; the returned function gives the seconds since. */
export function startTimer(): () => number {
  const started = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - started) / 1e9;
}
