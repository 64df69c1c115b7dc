import {
  AppResource,
  AuditEvent,
  GitopsApp,
  Page,
  SyncRun,
  SyncRunResource,
} from '@slipway/plugin-gitops-common';
import type { RolloutSpec } from '@slipway/plugin-gitops-node';
import type { AppLease } from './AppLeases';

/**
 * One rollout document of an app, parsed and checked against the app.
 * `Argo` is the rollout engine's parsed Argo Rollout, which the store keeps
 * as JSON in the same column as `spec` and knows nothing more of.
 */
export interface RolloutRecord<Argo = unknown> {
  name: string;
  /** `Canary` / `Rollout`; '' for an app-level problem with no document. */
  kind: string;
  /** A Flagger `Canary` or Slipway `Rollout`, parsed. */
  spec?: RolloutSpec;
  /** An Argo Rollouts `Rollout`, parsed; told apart from `spec` by its `source.apiVersion`. */
  argo?: Argo;
  errors: string[];
  warnings: string[];
}

/** What the engines record of an app's status. */
export type AppRecord = Omit<GitopsApp, 'updatedAt'>;

/** A run as the engine starts it. */
export type NewSyncRun = Omit<SyncRun, 'id'> & {
  /** The operation that asked for it. */
  operationId?: number;
};

/** An audit event as the router records it. */
export type NewAuditEvent = Omit<AuditEvent, 'id' | 'createdAt'>;

/** Engine-private state kept per app between reconciles. */
export interface AppState {
  /** JSON of the spec the last reconcile used. */
  spec?: string;
  /** Ids of the objects the last successful sync applied. */
  inventory: string[];
  /** revision+spec key auto-sync last attempted, so it tries once per change. */
  lastAutoSyncKey?: string;
  pinnedRevision?: string;
  /** Hash of the status, resources and spec last written: a no-op reconcile writes nothing. */
  statusHash?: string;
  /** Hash of the rollout documents last written. */
  rolloutSpecsHash?: string;
}

/**
 * Slipway's persistent state: apps, their resources and sync history.
 * A store made `withLease` refuses the app's writes once the lease moved.
 */
export interface GitopsStore {
  /** This store, writing the leased app's state only while `lease` holds. */
  withLease(lease: AppLease): GitopsStore;

  upsertApp(app: AppRecord): Promise<void>;
  getApp(key: string): Promise<GitopsApp | undefined>;
  listApps(filter?: { entityRef?: string }): Promise<GitopsApp[]>;
  /** Removes the apps of an entity that are no longer in `keepKeys`. */
  removeStaleApps(entityRef: string, keepKeys: string[]): Promise<number>;
  /** Removes every app whose entity is not in `entityRefs`. */
  removeAppsOfOtherEntities(entityRefs: string[]): Promise<number>;

  getAppState(key: string): Promise<AppState>;
  updateAppState(key: string, state: Partial<AppState>): Promise<void>;

  replaceResources(key: string, resources: AppResource[]): Promise<void>;
  listResources(key: string): Promise<AppResource[]>;

  addRun(run: NewSyncRun): Promise<number>;
  finishRun(
    id: number,
    update: Pick<SyncRun, 'result' | 'message' | 'finishedAt'>,
    resources?: SyncRunResource[],
  ): Promise<void>;
  getRun(id: number): Promise<SyncRun | undefined>;
  listRunResources(id: number): Promise<SyncRunResource[]>;
  /**
   * The commit the app's cluster objects were last written from: the newest
   * sync that was not a dry run, even one still running or cut short, else
   * the app's status. A rollout that starts on a new template names it.
   */
  appliedRevision(appKey: string): Promise<string | undefined>;
  /** Newest first. */
  listRuns(
    appKey: string,
    page: { offset: number; limit: number },
  ): Promise<Page<SyncRun>>;

  /** Replaces the app's parsed rollout documents, in rendered order. */
  replaceRolloutSpecs(key: string, records: RolloutRecord[]): Promise<void>;
  /** `Argo`: the type the caller stored as `argo`. */
  listRolloutSpecs<Argo = unknown>(key: string): Promise<RolloutRecord<Argo>[]>;

  addAuditEvent(event: NewAuditEvent): Promise<number>;
  /** Newest first. */
  listAuditEvents(
    appKey: string,
    page: { offset: number; limit: number },
  ): Promise<Page<AuditEvent>>;
}
