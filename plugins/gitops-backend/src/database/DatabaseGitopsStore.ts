import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  AppResource,
  AuditEvent,
  GitopsApp,
  Page,
  SyncRun,
  SyncRunResource,
} from '@slipway/plugin-gitops-common';
import { Knex } from 'knex';
import {
  AppRecord,
  AppState,
  GitopsStore,
  NewAuditEvent,
  NewSyncRun,
} from './GitopsStore';
import {
  RawAppRow,
  RawAuditRow,
  RawResourceRow,
  RawRolloutSpecRow,
  RawRunResourceRow,
  RawRunRow,
  toApp,
  toAuditEvent,
  toResource,
  toRun,
  toRunResource,
} from './rows';
import type { RolloutRecord } from './GitopsStore';
import type { AppLease } from './AppLeases';
import { isPostgres, useWriteAheadLog } from './dialect';
import { insertInBatches } from './insertInBatches';
import { LeaseLostError } from './LeaseLostError';

const migrationsDir = resolvePackagePath(
  '@slipway/plugin-gitops-backend',
  'migrations',
);

/** The knex-backed store, on PostgreSQL or SQLite. */
export class DatabaseGitopsStore implements GitopsStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseGitopsStore> {
    const client = await options.database.getClient();
    await useWriteAheadLog(client);
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseGitopsStore(client);
  }

  private constructor(
    private readonly db: Knex,
    private readonly lease?: AppLease,
  ) {}

  withLease(lease: AppLease): GitopsStore {
    return new DatabaseGitopsStore(this.db, lease);
  }

  /**
   * Runs a write of `key`'s state, in one transaction when `atomic`. Under a
   * lease, always in a transaction that first checks (and on PostgreSQL
   * locks) the app row still carries the lease's token, so a backend that
   * lost the app cannot write over the new holder's state.
   */
  async #write<T>(
    key: string,
    what: string,
    write: (db: Knex) => Promise<T>,
    options: { atomic?: boolean } = {},
  ): Promise<T> {
    const lease = this.lease;
    if (!lease || lease.key !== key) {
      return options.atomic ? this.db.transaction(write) : write(this.db);
    }
    return this.db.transaction(async tx => {
      const query = tx('apps')
        .where('app_key', key)
        .first('lease_owner', 'lease_token');
      const row = isPostgres(this.db) ? await query.forUpdate() : await query;
      if (
        !row ||
        row.lease_owner !== lease.owner ||
        Number(row.lease_token) !== lease.token
      ) {
        throw new LeaseLostError(`${what} of ${key} refused`, lease.owner);
      }
      return write(tx);
    });
  }

  /**
   * Updates `key`'s row. Under the app's lease, the statement itself is the
   * fence: it matches only while the row still carries the lease's token, so
   * a write of the app row alone needs no transaction.
   */
  async #updateApp(
    key: string,
    what: string,
    update: Partial<RawAppRow>,
  ): Promise<number> {
    const lease = this.lease?.key === key ? this.lease : undefined;
    const query = this.db('apps').where('app_key', key);
    if (lease) {
      query.where({ lease_owner: lease.owner, lease_token: lease.token });
    }
    const count = await query.update(update);
    if (lease && count === 0) {
      throw new LeaseLostError(`${what} of ${key} refused`, lease.owner);
    }
    return count;
  }

  async upsertApp(app: AppRecord): Promise<void> {
    const row: Partial<RawAppRow> = {
      app_key: app.key,
      entity_ref: app.entityRef,
      cluster: app.cluster,
      sync_status: app.syncStatus,
      health_status: app.healthStatus,
      message: app.message ?? null,
      revision: app.revision ?? null,
      commit_message: app.commitMessage ?? null,
      commit_author: app.commitAuthor ?? null,
      commit_date: app.commitDate ? new Date(app.commitDate) : null,
      last_run_result: app.lastRunResult ?? null,
      updated_at: new Date(),
    };
    // A leased app's row exists: the lease lives on it.
    if (this.lease?.key === app.key) {
      await this.#updateApp(app.key, 'Status', row);
      return;
    }
    await this.db<RawAppRow>('apps')
      .insert(row)
      .onConflict('app_key')
      .merge(Object.keys(row) as (keyof RawAppRow)[]);
  }

  async getApp(key: string): Promise<GitopsApp | undefined> {
    const row = await this.db<RawAppRow>('apps').where('app_key', key).first();
    return row ? toApp(row) : undefined;
  }

  async listApps(filter: { entityRef?: string } = {}): Promise<GitopsApp[]> {
    const query = this.db<RawAppRow>('apps').orderBy('app_key');
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    return (await query).map(toApp);
  }

  async removeStaleApps(entityRef: string, keepKeys: string[]) {
    return this.db('apps')
      .where('entity_ref', entityRef)
      .whereNotIn('app_key', keepKeys)
      .delete();
  }

  async removeAppsOfOtherEntities(entityRefs: string[]) {
    return this.db('apps').whereNotIn('entity_ref', entityRefs).delete();
  }

  async getAppState(key: string): Promise<AppState> {
    const row = await this.db<RawAppRow>('apps')
      .where('app_key', key)
      .first(
        'spec',
        'inventory',
        'last_auto_sync_key',
        'pinned_revision',
        'status_hash',
        'rollout_specs_hash',
      );
    if (!row) throw new NotFoundError(`No app '${key}'`);
    return {
      spec: row.spec ?? undefined,
      inventory: row.inventory ? JSON.parse(row.inventory) : [],
      lastAutoSyncKey: row.last_auto_sync_key ?? undefined,
      pinnedRevision: row.pinned_revision ?? undefined,
      statusHash: row.status_hash ?? undefined,
      rolloutSpecsHash: row.rollout_specs_hash ?? undefined,
    };
  }

  async updateAppState(key: string, state: Partial<AppState>): Promise<void> {
    const update: Partial<RawAppRow> = {};
    if ('spec' in state) update.spec = state.spec ?? null;
    if ('inventory' in state) {
      update.inventory = JSON.stringify(state.inventory ?? []);
    }
    if ('lastAutoSyncKey' in state) {
      update.last_auto_sync_key = state.lastAutoSyncKey ?? null;
    }
    if ('pinnedRevision' in state) {
      update.pinned_revision = state.pinnedRevision ?? null;
    }
    if ('statusHash' in state) update.status_hash = state.statusHash ?? null;
    if ('rolloutSpecsHash' in state) {
      update.rollout_specs_hash = state.rolloutSpecsHash ?? null;
    }
    const count = await this.#updateApp(key, 'State', update);
    if (count === 0) throw new NotFoundError(`No app '${key}'`);
  }

  async replaceResources(key: string, resources: AppResource[]) {
    await this.#write(
      key,
      'Resources',
      async tx => {
        await tx('app_resources').where('app_key', key).delete();
        const rows: RawResourceRow[] = resources.map(r => ({
          app_key: key,
          id: r.id,
          api_version: r.apiVersion,
          kind: r.kind,
          namespace: r.namespace ?? null,
          name: r.name,
          parent_id: r.parentId ?? null,
          sync_status: r.syncStatus ?? null,
          health_status: r.healthStatus ?? null,
          message: r.message ?? null,
          diff: r.diff ?? null,
        }));
        await insertInBatches(tx, 'app_resources', rows);
      },
      { atomic: true },
    );
  }

  async listResources(key: string): Promise<AppResource[]> {
    const rows = await this.db<RawResourceRow>('app_resources')
      .where('app_key', key)
      .orderBy('id');
    return rows.map(toResource);
  }

  async addRun(run: NewSyncRun): Promise<number> {
    const [row] = await this.#write(run.appKey, 'Run', db =>
      db<RawRunRow>('sync_runs')
        .insert({
          app_key: run.appKey,
          revision: run.revision ?? null,
          trigger: run.trigger,
          initiator: run.initiator ?? null,
          result: run.result,
          message: run.message ?? null,
          commit_message: run.commitMessage ?? null,
          commit_author: run.commitAuthor ?? null,
          dry_run: run.dryRun ?? false,
          prune: run.prune ?? false,
          started_at: new Date(run.startedAt),
          finished_at: run.finishedAt ? new Date(run.finishedAt) : null,
          owner: this.lease?.owner ?? null,
          operation_id: run.operationId ?? null,
        })
        .returning('id'),
    );
    return Number(typeof row === 'object' ? row.id : row);
  }

  async finishRun(
    id: number,
    update: Pick<SyncRun, 'result' | 'message' | 'finishedAt'>,
    resources: SyncRunResource[] = [],
  ): Promise<void> {
    // Under a lease the store writes only the leased app's runs.
    const key = this.lease?.key ?? '';
    await this.#write(
      key,
      'Run result',
      async tx => {
        const count = await tx('sync_runs')
          .where('id', id)
          .update({
            result: update.result,
            message: update.message ?? null,
            finished_at: new Date(update.finishedAt ?? Date.now()),
          });
        if (count === 0) throw new NotFoundError(`No sync run with id '${id}'`);
        const rows: RawRunResourceRow[] = resources.map(r => ({
          run_id: id,
          id: r.id,
          kind: r.kind,
          namespace: r.namespace ?? null,
          name: r.name,
          result: r.result,
          message: r.message ?? null,
        }));
        await insertInBatches(tx, 'sync_run_resources', rows);
      },
      { atomic: true },
    );
  }

  async getRun(id: number): Promise<SyncRun | undefined> {
    const row = await this.db<RawRunRow>('sync_runs').where('id', id).first();
    return row ? toRun(row) : undefined;
  }

  async listRunResources(id: number): Promise<SyncRunResource[]> {
    const rows = await this.db<RawRunResourceRow>('sync_run_resources')
      .where('run_id', id)
      .orderBy('id');
    return rows.map(toRunResource);
  }

  async appliedRevision(appKey: string): Promise<string | undefined> {
    const run = await this.db<RawRunRow>('sync_runs')
      .where({ app_key: appKey, dry_run: false })
      .whereNotNull('revision')
      .orderBy('id', 'desc')
      .first('revision');
    return run?.revision ?? (await this.getApp(appKey))?.revision;
  }

  async listRuns(
    appKey: string,
    page: { offset: number; limit: number },
  ): Promise<Page<SyncRun>> {
    const [rows, [{ count }]] = await Promise.all([
      this.db<RawRunRow>('sync_runs')
        .where('app_key', appKey)
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit),
      this.db('sync_runs').where('app_key', appKey).count({ count: '*' }),
    ]);
    return { totalCount: Number(count), items: rows.map(toRun) };
  }

  async replaceRolloutSpecs(key: string, records: RolloutRecord[]) {
    await this.#write(
      key,
      'Rollout documents',
      async tx => {
        await tx('rollout_specs').where('app_key', key).delete();
        const rows: RawRolloutSpecRow[] = records.map((r, position) => ({
          app_key: key,
          position,
          name: r.name,
          kind: r.kind,
          spec: r.spec || r.argo ? JSON.stringify(r.spec ?? r.argo) : null,
          errors: JSON.stringify(r.errors),
          warnings: JSON.stringify(r.warnings),
          updated_at: new Date(),
        }));
        await insertInBatches(tx, 'rollout_specs', rows);
      },
      { atomic: true },
    );
  }

  async listRolloutSpecs<Argo = unknown>(
    key: string,
  ): Promise<RolloutRecord<Argo>[]> {
    const rows = await this.db<RawRolloutSpecRow>('rollout_specs')
      .where('app_key', key)
      .orderBy('position');
    return rows.map(row => ({
      name: row.name,
      kind: row.kind,
      ...parsedSpec<Argo>(row.spec),
      errors: JSON.parse(row.errors),
      warnings: JSON.parse(row.warnings),
    }));
  }

  async addAuditEvent(event: NewAuditEvent): Promise<number> {
    const [row] = await this.db<RawAuditRow>('audit_events')
      .insert({
        app_key: `${event.entityRef}@${event.cluster}`,
        entity_ref: event.entityRef,
        cluster: event.cluster,
        action: event.action,
        actor: event.actor,
        result: event.result,
        permission: event.permission,
        message: event.message ?? null,
        created_at: new Date(),
      })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async listAuditEvents(
    appKey: string,
    page: { offset: number; limit: number },
  ): Promise<Page<AuditEvent>> {
    const [rows, [{ count }]] = await Promise.all([
      this.db<RawAuditRow>('audit_events')
        .where('app_key', appKey)
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit),
      this.db('audit_events').where('app_key', appKey).count({ count: '*' }),
    ]);
    return { totalCount: Number(count), items: rows.map(toAuditEvent) };
  }
}

/**
 * A stored spec goes back to the field it came from: an Argo Rollout's
 * names Argo's API group in its `source`.
 */
function parsedSpec<Argo>(
  json: string | null,
): Pick<RolloutRecord<Argo>, 'spec' | 'argo'> {
  if (!json) return {};
  const spec = JSON.parse(json);
  return String(spec?.source?.apiVersion).startsWith('argoproj.io/')
    ? { argo: spec as Argo }
    : { spec };
}
