import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  Page,
  RolloutCheck,
  RolloutEvent,
  RolloutRun,
} from '@internal/plugin-gitops-common';
import { Knex } from 'knex';
import type {
  NewRolloutCheck,
  NewRolloutEvent,
  NewRolloutRun,
  RolloutState,
  RolloutStore,
} from './RolloutStore';
import {
  fromState,
  RawRolloutCheckRow,
  RawRolloutEventRow,
  RawRolloutRunRow,
  RawRolloutStateRow,
  toRolloutCheck,
  toRolloutEvent,
  toRolloutRun,
  toState,
} from './rolloutRows';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-gitops-backend',
  'migrations',
);

// SQLite caps bound variables per statement; batch bulk inserts below it.
const INSERT_BATCH = 50;

const idOf = (row: unknown) =>
  Number(typeof row === 'object' && row !== null ? (row as { id: number | string }).id : row);

/**
 * The rollout engine's state, runs, checks and events in the plugin's
 * database (PostgreSQL or SQLite), beside DatabaseGitopsStore's tables.
 */
export class DatabaseRolloutStore implements RolloutStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseRolloutStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      // Shared with DatabaseGitopsStore; a second `latest` finds nothing to do.
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRolloutStore(client);
  }

  private constructor(private readonly db: Knex) {}

  // ---- state and lease ------------------------------------------------------------

  async getRolloutState(appKey: string, rollout: string): Promise<RolloutState | undefined> {
    const row = await this.db<RawRolloutStateRow>('rollout_states')
      .where({ app_key: appKey, rollout })
      .whereNotNull('updated_at')
      .first();
    return row ? toState(row) : undefined;
  }

  async listRolloutStates(appKey?: string): Promise<RolloutState[]> {
    const query = this.db<RawRolloutStateRow>('rollout_states')
      .whereNotNull('updated_at')
      .orderBy(['app_key', 'rollout']);
    if (appKey !== undefined) query.where('app_key', appKey);
    return (await query).map(toState);
  }

  async saveRolloutState(state: RolloutState): Promise<void> {
    const row = fromState(state);
    // The lease columns are left alone: only claimRollout moves them.
    await this.db('rollout_states')
      .insert(row)
      .onConflict(['app_key', 'rollout'])
      .merge(Object.keys(row));
  }

  async deleteRolloutState(appKey: string, rollout: string): Promise<void> {
    await this.db('rollout_states').where({ app_key: appKey, rollout }).delete();
  }

  async claimRollout(appKey: string, rollout: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    const lease = { lease_owner: owner, lease_expires_at: new Date(now.getTime() + ttlMs) };
    // One conditional UPDATE: the database serialises competing claims on the
    // row, so at most one owner finds the lease free and takes it.
    const take = () =>
      this.db('rollout_states')
        .where({ app_key: appKey, rollout })
        .andWhere(free =>
          free
            .whereNull('lease_owner')
            .orWhere('lease_owner', owner)
            .orWhereNull('lease_expires_at')
            .orWhere('lease_expires_at', '<=', now),
        )
        .update(lease);
    if ((await take()) > 0) return true;
    // No row yet: create one holding only the lease. When another backend
    // inserted first, its row stands and the second attempt sees its lease.
    await this.db('rollout_states')
      .insert({ app_key: appKey, rollout, ...lease })
      .onConflict(['app_key', 'rollout'])
      .ignore();
    return (await take()) > 0;
  }

  // ---- runs and checks ------------------------------------------------------------

  async addRolloutRun(run: NewRolloutRun): Promise<number> {
    const [row] = await this.db('rollout_runs')
      .insert({
        app_key: run.appKey,
        rollout: run.rollout,
        revision: run.revision,
        commit_sha: run.commit ?? null,
        strategy: run.strategy,
        result: run.result,
        message: run.message ?? null,
        started_at: new Date(run.startedAt),
        finished_at: run.finishedAt ? new Date(run.finishedAt) : null,
      })
      .returning('id');
    return idOf(row);
  }

  async finishRolloutRun(
    id: number,
    update: Pick<RolloutRun, 'result' | 'message' | 'finishedAt'>,
  ): Promise<void> {
    const count = await this.db('rollout_runs')
      .where('id', id)
      .update({
        result: update.result,
        message: update.message ?? null,
        finished_at: new Date(update.finishedAt ?? Date.now()),
      });
    if (count === 0) throw new NotFoundError(`No rollout run with id '${id}'`);
  }

  async getRolloutRun(id: number): Promise<RolloutRun | undefined> {
    const row = await this.db<RawRolloutRunRow>('rollout_runs').where('id', id).first();
    return row ? toRolloutRun(row) : undefined;
  }

  async listRolloutRuns(
    appKey: string,
    rollout: string,
    page: { offset: number; limit: number },
  ): Promise<Page<RolloutRun>> {
    const ofRollout = { app_key: appKey, rollout };
    const [rows, [{ count }]] = await Promise.all([
      this.db<RawRolloutRunRow>('rollout_runs')
        .where(ofRollout)
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit),
      this.db('rollout_runs').where(ofRollout).count({ count: '*' }),
    ]);
    return { totalCount: Number(count), items: rows.map(toRolloutRun) };
  }

  async addRolloutChecks(checks: NewRolloutCheck[]): Promise<void> {
    if (checks.length === 0) return;
    const rows = checks.map(check => ({
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
    }));
    await this.db.batchInsert('rollout_checks', rows, INSERT_BATCH);
  }

  async listRolloutChecks(runId: number): Promise<RolloutCheck[]> {
    const rows = await this.db<RawRolloutCheckRow>('rollout_checks')
      .where('run_id', runId)
      .orderBy('id');
    return rows.map(toRolloutCheck);
  }

  // ---- events ---------------------------------------------------------------------

  async addRolloutEvent(event: NewRolloutEvent): Promise<number> {
    const [row] = await this.db('rollout_events')
      .insert({
        app_key: event.appKey,
        rollout: event.rollout,
        run_id: event.runId ?? null,
        type: event.type,
        message: event.message,
        phase: event.phase,
        canary_weight: event.canaryWeight,
        at: new Date(event.at),
      })
      .returning('id');
    return idOf(row);
  }

  async listRolloutEvents(
    appKey: string,
    rollout: string,
    options: { runId?: number; limit?: number } = {},
  ): Promise<RolloutEvent[]> {
    const query = this.db<RawRolloutEventRow>('rollout_events').where({ app_key: appKey, rollout });
    if (options.runId !== undefined) query.where('run_id', options.runId);
    if (options.limit === undefined) return (await query.orderBy('id')).map(toRolloutEvent);
    // The newest `limit`, handed back oldest first.
    const newest = await query.orderBy('id', 'desc').limit(options.limit);
    return newest.reverse().map(toRolloutEvent);
  }
}
