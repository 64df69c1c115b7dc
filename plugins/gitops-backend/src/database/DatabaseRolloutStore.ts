import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  Page,
  RolloutCheck,
  RolloutEvent,
  RolloutRun,
} from '@slipway/plugin-gitops-common';
import { Knex } from 'knex';
import { useWriteAheadLog } from './dialect';
import { commitTick, recordRolloutRequest } from './commitRolloutTick';
import { DatabaseRolloutLeases } from './DatabaseRolloutLeases';
import { insertInBatches } from './insertInBatches';
import type {
  NewRolloutCheck,
  NewRolloutEvent,
  NewRolloutRun,
  RolloutLease,
  RolloutState,
  RolloutStore,
  TickCommit,
  TickWrites,
} from './RolloutStore';
import {
  fromRolloutCheck,
  fromRolloutEvent,
  fromRolloutRun,
  fromState,
  idOf,
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
  '@slipway/plugin-gitops-backend',
  'migrations',
);

/**
 * The rollout engine's state, runs, checks and events in the plugin's
 * database (PostgreSQL or SQLite), beside DatabaseGitopsStore's tables.
 */
export class DatabaseRolloutStore<Argo = unknown>
  implements RolloutStore<Argo>
{
  static async create<Argo = unknown>(options: {
    database: DatabaseService;
  }): Promise<DatabaseRolloutStore<Argo>> {
    const client = await options.database.getClient();
    await useWriteAheadLog(client);
    if (!options.database.migrations?.skip) {
      // Shared with DatabaseGitopsStore; a second `latest` finds nothing to do.
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRolloutStore<Argo>(client);
  }

  readonly #leases: DatabaseRolloutLeases;

  private constructor(private readonly db: Knex) {
    this.#leases = new DatabaseRolloutLeases(db);
  }

  // ---- state ---------------------------------------------------------------------

  async getRolloutState(
    appKey: string,
    rollout: string,
  ): Promise<RolloutState<Argo> | undefined> {
    const row = await this.db<RawRolloutStateRow>('rollout_states')
      .where({ app_key: appKey, rollout })
      .whereNotNull('updated_at')
      .first();
    return row ? toState<Argo>(row) : undefined;
  }

  async listRolloutStates(appKey?: string): Promise<RolloutState<Argo>[]> {
    const query = this.db<RawRolloutStateRow>('rollout_states')
      .whereNotNull('updated_at')
      .orderBy(['app_key', 'rollout']);
    if (appKey !== undefined) query.where('app_key', appKey);
    return (await query).map(row => toState<Argo>(row));
  }

  async saveRolloutState(state: RolloutState<Argo>): Promise<void> {
    const row = fromState(state);
    const key = { app_key: state.appKey, rollout: state.rollout };
    await this.db.transaction(async tx => {
      const holder = await tx('rollout_states')
        .where(key)
        .whereNotNull('lease_owner')
        .where('lease_expires_at', '>', new Date())
        .first('lease_owner');
      if (holder) {
        throw new ConflictError(
          `Rollout ${state.rollout} of ${state.appKey} is held by ${holder.lease_owner}: only its ticks write its state`,
        );
      }
      // The lease columns are left alone: only claims move them.
      await tx('rollout_states')
        .insert(row)
        .onConflict(['app_key', 'rollout'])
        .merge(Object.keys(row));
    });
  }

  async deleteRolloutState(appKey: string, rollout: string): Promise<void> {
    await this.db('rollout_states')
      .where({ app_key: appKey, rollout })
      .delete();
  }

  // ---- leases and ticks -----------------------------------------------------------

  registerRollouts(appKey: string, rollouts: string[], documents: unknown[]) {
    return this.#leases.registerRollouts(appKey, rollouts, documents);
  }

  getStoredRollout(appKey: string, rollout: string) {
    return this.#leases.getStoredRollout(appKey, rollout);
  }

  claimRollout(appKey: string, rollout: string, owner: string, ttlMs: number) {
    return this.#leases.claimRollout(appKey, rollout, owner, ttlMs);
  }

  claimDueRollouts(owner: string, limit: number, ttlMs: number) {
    return this.#leases.claimDueRollouts<Argo>(owner, limit, ttlMs);
  }

  renewRollout(lease: RolloutLease, until: Date) {
    return this.#leases.renewRollout(lease, until);
  }

  releaseRollouts(owner: string) {
    return this.#leases.releaseRollouts(owner);
  }

  commitTick(state: RolloutState, writes: TickWrites, commit: TickCommit) {
    return commitTick(this.db, state, writes, commit);
  }

  recordRolloutRequest(
    appKey: string,
    rollout: string,
    apply: (state: RolloutState<Argo>) => void | Promise<void>,
  ) {
    return recordRolloutRequest(this.db, appKey, rollout, apply);
  }

  // ---- runs and checks ------------------------------------------------------------

  async addRolloutRun(run: NewRolloutRun): Promise<number> {
    const [row] = await this.db('rollout_runs')
      .insert(fromRolloutRun(run))
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
    const row = await this.db<RawRolloutRunRow>('rollout_runs')
      .where('id', id)
      .first();
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
    const rows = checks.map(fromRolloutCheck);
    await this.db.transaction(tx =>
      insertInBatches(tx, 'rollout_checks', rows),
    );
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
      .insert(fromRolloutEvent(event))
      .returning('id');
    return idOf(row);
  }

  async listRolloutEvents(
    appKey: string,
    rollout: string,
    options: { runId?: number; limit?: number } = {},
  ): Promise<RolloutEvent[]> {
    const query = this.db<RawRolloutEventRow>('rollout_events').where({
      app_key: appKey,
      rollout,
    });
    if (options.runId !== undefined) query.where('run_id', options.runId);
    if (options.limit === undefined)
      return (await query.orderBy('id')).map(toRolloutEvent);
    // The newest `limit`, handed back oldest first.
    const newest = await query.orderBy('id', 'desc').limit(options.limit);
    return newest.reverse().map(toRolloutEvent);
  }
}
