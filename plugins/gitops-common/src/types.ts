/**
 * Whether the cluster matches the state Git declares.
 *
 * @public
 */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown' | 'Invalid';

/**
 * Health of an app or a resource, worst first as Argo CD orders it.
 *
 * @public
 */
export type HealthStatus =
  | 'Degraded'
  | 'Missing'
  | 'Unknown'
  | 'Progressing'
  | 'Suspended'
  | 'Healthy';

/**
 * Outcome of one sync run.
 *
 * @public
 */
export type SyncRunResult = 'Running' | 'Succeeded' | 'Failed' | 'Error';

/**
 * One entity delivered to one cluster.
 *
 * @public
 */
export interface GitopsApp {
  /** `<entityRef>@<cluster>` */
  key: string;
  entityRef: string;
  cluster: string;
  syncStatus: SyncStatus;
  healthStatus: HealthStatus;
  /** Why the app is in its state, e.g. an annotation error. */
  message?: string;
  /** The commit SHA last synced, when there is one. */
  revision?: string;
  updatedAt: string;
}

/**
 * One recorded sync run of an app.
 *
 * @public
 */
export interface SyncRun {
  id: number;
  appKey: string;
  revision?: string;
  trigger: 'auto' | 'manual' | 'webhook' | 'rollback';
  initiator?: string;
  result: SyncRunResult;
  message?: string;
  startedAt: string;
  finishedAt?: string;
}

/**
 * A page of results.
 *
 * @public
 */
export interface Page<T> {
  items: T[];
  totalCount: number;
}
