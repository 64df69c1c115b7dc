import type {
  RolloutCheck,
  RolloutEvent,
  RolloutPhase,
  RolloutRun,
} from '@slipway/plugin-gitops-common';
import type {
  NewRolloutCheck,
  NewRolloutEvent,
  NewRolloutRun,
  RolloutState,
} from './RolloutStore';

type Timestamp = Date | string | number;

/** The id `insert … returning('id')` hands back, on either database. */
export const idOf = (row: unknown) =>
  Number(
    typeof row === 'object' && row !== null
      ? (row as { id: number | string }).id
      : row,
  );
type Id = number | string;

export type RawRolloutStateRow = {
  app_key: string;
  rollout: string;
  phase: string;
  canary_weight: number;
  failed_checks: number;
  iterations: number;
  step_index: number;
  last_applied_spec: string | null;
  last_promoted_spec: string | null;
  tracked_configs: string;
  pause: string | null;
  requests: string;
  pre_rollout_done: boolean | number;
  mirrored: boolean | number;
  run_id: Id | null;
  waiting_since: Timestamp | null;
  last_transition_at: Timestamp | null;
  last_tick_at: Timestamp | null;
  next_tick_at: Timestamp | null;
  message: string;
  updated_at: Timestamp | null;
  argo: string | null;
  lease_owner: string | null;
  lease_token: number | string;
  lease_expires_at: Timestamp | null;
};

export type RawRolloutRunRow = {
  id: Id;
  app_key: string;
  rollout: string;
  revision: string;
  commit_sha: string | null;
  strategy: string;
  result: string;
  message: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
};

export type RawRolloutCheckRow = {
  id: Id;
  run_id: Id;
  kind: string;
  name: string;
  hook_type: string | null;
  value: number | null;
  min: number | null;
  max: number | null;
  status: number | null;
  passed: boolean | number;
  message: string | null;
  canary_weight: number;
  duration_ms: number;
  at: Timestamp;
};

export type RawRolloutEventRow = {
  id: Id;
  app_key: string;
  rollout: string;
  run_id: Id | null;
  type: string;
  message: string;
  phase: string;
  canary_weight: number;
  at: Timestamp;
};

// SQLite hands timestamps back as strings or epoch numbers, PostgreSQL as Dates.
const toIso = (value: Timestamp) => new Date(value).toISOString();
const optIso = (value: Timestamp | null) =>
  value === null ? undefined : toIso(value);
const optDate = (iso: string | undefined) => (iso ? new Date(iso) : null);
const opt = <T>(value: T | null): T | undefined => value ?? undefined;
// PostgreSQL returns bigint columns as strings.
const optId = (value: Id | null) =>
  value === null ? undefined : Number(value);

/** The columns a save writes: all but the lease. */
export const fromState = (
  state: RolloutState,
): Omit<
  RawRolloutStateRow,
  'lease_owner' | 'lease_token' | 'lease_expires_at'
> => ({
  app_key: state.appKey,
  rollout: state.rollout,
  phase: state.phase,
  canary_weight: state.canaryWeight,
  failed_checks: state.failedChecks,
  iterations: state.iterations,
  step_index: state.stepIndex,
  last_applied_spec: state.lastAppliedSpec ?? null,
  last_promoted_spec: state.lastPromotedSpec ?? null,
  tracked_configs: JSON.stringify(state.trackedConfigs),
  pause: state.pause ? JSON.stringify(state.pause) : null,
  requests: JSON.stringify(state.requests),
  pre_rollout_done: state.preRolloutDone,
  mirrored: state.mirrored,
  run_id: state.runId ?? null,
  waiting_since: optDate(state.waitingSince),
  last_transition_at: new Date(state.lastTransitionAt),
  last_tick_at: optDate(state.lastTickAt),
  next_tick_at: optDate(state.nextTickAt),
  message: state.message,
  updated_at: new Date(state.updatedAt),
  argo: state.argo ? JSON.stringify(state.argo) : null,
});

/** Only for rows whose state was saved (`updated_at` set). */
export const toState = <Argo>(row: RawRolloutStateRow): RolloutState<Argo> => ({
  appKey: row.app_key,
  rollout: row.rollout,
  phase: row.phase as RolloutPhase | '',
  canaryWeight: row.canary_weight,
  failedChecks: row.failed_checks,
  iterations: row.iterations,
  stepIndex: row.step_index,
  lastAppliedSpec: opt(row.last_applied_spec),
  lastPromotedSpec: opt(row.last_promoted_spec),
  trackedConfigs: JSON.parse(row.tracked_configs),
  pause: row.pause ? JSON.parse(row.pause) : undefined,
  requests: JSON.parse(row.requests),
  preRolloutDone: Boolean(row.pre_rollout_done),
  mirrored: Boolean(row.mirrored),
  runId: optId(row.run_id),
  waitingSince: optIso(row.waiting_since),
  lastTransitionAt: toIso(row.last_transition_at ?? row.updated_at!),
  lastTickAt: optIso(row.last_tick_at),
  nextTickAt: optIso(row.next_tick_at),
  message: row.message,
  updatedAt: toIso(row.updated_at!),
  ...(row.argo ? { argo: JSON.parse(row.argo) as Argo } : {}),
});

export const toRolloutRun = (row: RawRolloutRunRow): RolloutRun => ({
  id: Number(row.id),
  appKey: row.app_key,
  rollout: row.rollout,
  revision: row.revision,
  commit: opt(row.commit_sha),
  strategy: row.strategy,
  result: row.result as RolloutRun['result'],
  message: opt(row.message),
  startedAt: toIso(row.started_at),
  finishedAt: optIso(row.finished_at),
});

export const toRolloutCheck = (row: RawRolloutCheckRow): RolloutCheck => ({
  id: Number(row.id),
  runId: Number(row.run_id),
  kind: row.kind as RolloutCheck['kind'],
  name: row.name,
  hookType: opt(row.hook_type),
  value: opt(row.value),
  min: opt(row.min),
  max: opt(row.max),
  status: opt(row.status),
  passed: Boolean(row.passed),
  message: opt(row.message),
  canaryWeight: row.canary_weight,
  durationMs: row.duration_ms,
  at: toIso(row.at),
});

export const toRolloutEvent = (row: RawRolloutEventRow): RolloutEvent => ({
  id: Number(row.id),
  runId: optId(row.run_id),
  type: row.type as RolloutEvent['type'],
  message: row.message,
  phase: row.phase as RolloutPhase,
  canaryWeight: row.canary_weight,
  at: toIso(row.at),
});

export const fromRolloutRun = (run: NewRolloutRun) => ({
  app_key: run.appKey,
  rollout: run.rollout,
  revision: run.revision,
  commit_sha: run.commit ?? null,
  strategy: run.strategy,
  result: run.result,
  message: run.message ?? null,
  started_at: new Date(run.startedAt),
  finished_at: run.finishedAt ? new Date(run.finishedAt) : null,
});

export const fromRolloutCheck = (check: NewRolloutCheck) => ({
  run_id: check.runId,
  kind: check.kind,
  name: check.name,
  hook_type: check.hookType ?? null,
  value: check.value ?? null,
  min: check.min ?? null,
  max: check.max ?? null,
  status: check.status ?? null,
  passed: check.passed,
  message: check.message ?? null,
  canary_weight: check.canaryWeight,
  duration_ms: Math.round(check.durationMs),
  at: new Date(check.at),
});

export const fromRolloutEvent = (event: NewRolloutEvent) => ({
  app_key: event.appKey,
  rollout: event.rollout,
  run_id: event.runId ?? null,
  type: event.type,
  message: event.message,
  phase: event.phase,
  canary_weight: event.canaryWeight,
  at: new Date(event.at),
});
