import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  AuditEvent,
  GitopsApp,
  GitopsRequest,
  GitopsResponse,
  HealthStatus,
  Page,
  RolloutAction,
  RolloutEvent,
  RolloutRun,
  RolloutRunDetails,
  RolloutStatus,
  RolloutSummary,
  SyncRun,
  SyncStatus,
} from '@slipway/plugin-gitops-common';

/**
 * Client for Slipway's REST API.
 *
 * @public
 */
export interface GitopsApi {
  listApps(entity: CompoundEntityRef): Promise<GitopsApp[]>;
  listHistory(
    entity: CompoundEntityRef,
    options: { cluster: string; offset?: number; limit?: number },
  ): Promise<Page<SyncRun>>;
  /** Who tried which action on an app, allowed or not; newest first. */
  listAudit(
    entity: CompoundEntityRef,
    options: { cluster: string; offset?: number; limit?: number },
  ): Promise<Page<AuditEvent>>;
  getApp(entity: CompoundEntityRef, cluster: string): Promise<AppDetails>;
  getRun(entity: CompoundEntityRef, runId: number): Promise<RunDetails>;
  sync(
    entity: CompoundEntityRef,
    cluster: string,
    options?: SyncOptions,
  ): Promise<OperationResponse>;
  refresh(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<OperationResponse>;
  rollback(
    entity: CompoundEntityRef,
    cluster: string,
    runId: number,
  ): Promise<OperationResponse>;
  unpin(entity: CompoundEntityRef, cluster: string): Promise<OperationResponse>;
  revert(
    entity: CompoundEntityRef,
    cluster: string,
    runId: number,
  ): Promise<RevertResponse>;
  /** Every app the user may read, across entities and clusters. */
  listFleetApps(filter?: FleetFilter): Promise<GitopsApp[]>;
  /** The app's rollout documents as last parsed, with validation messages. */
  listRollouts(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<RolloutSummary[]>;
  /** Past and current runs of one rollout, newest first. */
  listRolloutRuns(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    page?: { offset: number; limit: number },
  ): Promise<Page<RolloutRun>>;
  /** One run with its checks and events, oldest first. */
  getRolloutRun(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    runId: number,
  ): Promise<RolloutRunDetails>;
  /** The newest `limit` events of a rollout, oldest first. */
  listRolloutEvents(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    limit?: number,
  ): Promise<RolloutEvent[]>;
  /** Asks the engine to promote, abort, retry, pause or resume; answers the status after the request. */
  controlRollout(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    action: RolloutAction,
  ): Promise<RolloutStatus>;
}

/**
 * Server-side filters of the fleet listing; omitted ones match everything.
 *
 * @public
 */
export interface FleetFilter {
  cluster?: string;
  syncStatus?: SyncStatus;
  healthStatus?: HealthStatus;
}

// The answers below are the REST API's own, as its spec declares them.

/**
 * One app with its resources as last compared with the cluster.
 *
 * @public
 */
export type AppDetails = GitopsResponse<'getApp'>;

/**
 * One sync run with what it did to each object.
 *
 * @public
 */
export type RunDetails = GitopsResponse<'getRun'>;

/**
 * Options of a manual sync; the backend defaults apply to omitted ones.
 * `revision` is a branch, tag or SHA to sync instead of the tracked one.
 *
 * @public
 */
export type SyncOptions = Pick<
  GitopsRequest<'syncApp'>['body'],
  'revision' | 'prune' | 'dryRun'
>;

/**
 * A sync, refresh, rollback or unpin followed to its end: the finished
 * operation (with the run it recorded, if any) and the app afterwards.
 *
 * @public
 */
export type OperationResponse = GitopsResponse<'getOperation'>;

/**
 * The revert commit pushed to Git and the app afterwards.
 *
 * @public
 */
export type RevertResponse = GitopsResponse<'revertApp'>;

/** @public */
export const gitopsApiRef = createApiRef<GitopsApi>({
  id: 'plugin.gitops.service',
});
