import {
  GitopsApp,
  Page,
  SyncRun,
} from '@internal/plugin-gitops-common';

/** What the engines record of an app. */
export type AppRecord = Omit<GitopsApp, 'updatedAt'>;

/** A run as the engine starts it. */
export type NewSyncRun = Omit<SyncRun, 'id'>;

/** Slipway's persistent state: apps and their sync history. */
export interface GitopsStore {
  upsertApp(app: AppRecord): Promise<void>;
  listApps(filter?: { entityRef?: string }): Promise<GitopsApp[]>;
  /** Removes the apps of an entity that are no longer in `keepKeys`. */
  removeStaleApps(entityRef: string, keepKeys: string[]): Promise<number>;
  addRun(run: NewSyncRun): Promise<number>;
  finishRun(
    id: number,
    update: Pick<SyncRun, 'result' | 'message' | 'finishedAt'>,
  ): Promise<void>;
  /** Newest first. */
  listRuns(
    appKey: string,
    page: { offset: number; limit: number },
  ): Promise<Page<SyncRun>>;
}
