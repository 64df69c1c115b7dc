import {
  AppResource,
  AuditEvent,
  GitopsApp,
  SyncRun,
  SyncRunResource,
} from '@slipway/plugin-gitops-common';

type Timestamp = Date | string | number;

export type RawAppRow = {
  app_key: string;
  entity_ref: string;
  cluster: string;
  sync_status: string;
  health_status: string;
  message: string | null;
  revision: string | null;
  commit_message: string | null;
  commit_author: string | null;
  commit_date: Timestamp | null;
  last_run_result: string | null;
  spec: string | null;
  pinned_revision: string | null;
  inventory: string | null;
  last_auto_sync_key: string | null;
  status_hash?: string | null;
  rollout_specs_hash?: string | null;
  updated_at: Timestamp;
};

export type RawResourceRow = {
  app_key: string;
  id: string;
  api_version: string;
  kind: string;
  namespace: string | null;
  name: string;
  parent_id: string | null;
  sync_status: string | null;
  health_status: string | null;
  message: string | null;
  diff: string | null;
};

export type RawRunRow = {
  id: number | string;
  app_key: string;
  revision: string | null;
  trigger: string;
  initiator: string | null;
  result: string;
  message: string | null;
  commit_message: string | null;
  commit_author: string | null;
  dry_run: boolean | number;
  prune: boolean | number;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  owner?: string | null;
  operation_id?: number | string | null;
};

export type RawRunResourceRow = {
  run_id: number | string;
  id: string;
  kind: string;
  namespace: string | null;
  name: string;
  result: string;
  message: string | null;
};

export type RawAuditRow = {
  id: number | string;
  app_key: string;
  entity_ref: string;
  cluster: string;
  action: string;
  actor: string;
  result: string;
  permission: string;
  message: string | null;
  created_at: Timestamp;
};

// SQLite hands timestamps back as strings or epoch numbers, PostgreSQL as Dates.
const toIso = (value: Timestamp) => new Date(value).toISOString();
const opt = <T>(value: T | null): T | undefined => value ?? undefined;

export const toApp = (row: RawAppRow): GitopsApp => ({
  key: row.app_key,
  entityRef: row.entity_ref,
  cluster: row.cluster,
  syncStatus: row.sync_status as GitopsApp['syncStatus'],
  healthStatus: row.health_status as GitopsApp['healthStatus'],
  message: opt(row.message),
  revision: opt(row.revision),
  commitMessage: opt(row.commit_message),
  commitAuthor: opt(row.commit_author),
  commitDate: row.commit_date ? toIso(row.commit_date) : undefined,
  pinnedRevision: opt(row.pinned_revision),
  lastRunResult: opt(row.last_run_result) as GitopsApp['lastRunResult'],
  updatedAt: toIso(row.updated_at),
});

export const toResource = (row: RawResourceRow): AppResource => ({
  id: row.id,
  apiVersion: row.api_version,
  kind: row.kind,
  namespace: opt(row.namespace),
  name: row.name,
  parentId: opt(row.parent_id),
  syncStatus: opt(row.sync_status) as AppResource['syncStatus'],
  healthStatus: opt(row.health_status) as AppResource['healthStatus'],
  message: opt(row.message),
  diff: opt(row.diff),
});

export const toRun = (row: RawRunRow): SyncRun => ({
  id: Number(row.id),
  appKey: row.app_key,
  revision: opt(row.revision),
  trigger: row.trigger as SyncRun['trigger'],
  initiator: opt(row.initiator),
  result: row.result as SyncRun['result'],
  message: opt(row.message),
  commitMessage: opt(row.commit_message),
  commitAuthor: opt(row.commit_author),
  dryRun: Boolean(row.dry_run),
  prune: Boolean(row.prune),
  startedAt: toIso(row.started_at),
  finishedAt: row.finished_at ? toIso(row.finished_at) : undefined,
});

export const toRunResource = (row: RawRunResourceRow): SyncRunResource => ({
  id: row.id,
  kind: row.kind,
  namespace: opt(row.namespace),
  name: row.name,
  result: row.result as SyncRunResource['result'],
  message: opt(row.message),
});

export const toAuditEvent = (row: RawAuditRow): AuditEvent => ({
  id: Number(row.id),
  entityRef: row.entity_ref,
  cluster: row.cluster,
  action: row.action,
  actor: row.actor,
  result: row.result as AuditEvent['result'],
  permission: row.permission,
  message: opt(row.message),
  createdAt: toIso(row.created_at),
});

export type RawRolloutSpecRow = {
  app_key: string;
  position: number;
  name: string;
  kind: string;
  spec: string | null;
  errors: string;
  warnings: string;
  updated_at: Timestamp;
};
