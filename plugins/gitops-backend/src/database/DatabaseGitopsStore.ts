import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { GitopsApp, Page, SyncRun } from '@internal/plugin-gitops-common';
import { Knex } from 'knex';
import { AppRecord, GitopsStore, NewSyncRun } from './GitopsStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-gitops-backend',
  'migrations',
);

type RawAppRow = {
  app_key: string;
  entity_ref: string;
  cluster: string;
  sync_status: string;
  health_status: string;
  message: string | null;
  revision: string | null;
  updated_at: Date | string;
};

type RawRunRow = {
  id: number | string;
  app_key: string;
  revision: string | null;
  trigger: string;
  initiator: string | null;
  result: string;
  message: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
};

// SQLite hands timestamps back as strings or epoch numbers, PostgreSQL as Dates.
const toIso = (value: Date | string | number) => new Date(value).toISOString();

/** The knex-backed store, on PostgreSQL or SQLite. */
export class DatabaseGitopsStore implements GitopsStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseGitopsStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseGitopsStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async upsertApp(app: AppRecord): Promise<void> {
    await this.db<RawAppRow>('apps')
      .insert({
        app_key: app.key,
        entity_ref: app.entityRef,
        cluster: app.cluster,
        sync_status: app.syncStatus,
        health_status: app.healthStatus,
        message: app.message ?? null,
        revision: app.revision ?? null,
        updated_at: new Date(),
      })
      .onConflict('app_key')
      .merge();
  }

  async listApps(filter: { entityRef?: string } = {}): Promise<GitopsApp[]> {
    const query = this.db<RawAppRow>('apps').orderBy('app_key');
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    const rows = await query;
    return rows.map(row => ({
      key: row.app_key,
      entityRef: row.entity_ref,
      cluster: row.cluster,
      syncStatus: row.sync_status as GitopsApp['syncStatus'],
      healthStatus: row.health_status as GitopsApp['healthStatus'],
      message: row.message ?? undefined,
      revision: row.revision ?? undefined,
      updatedAt: toIso(row.updated_at),
    }));
  }

  async removeStaleApps(entityRef: string, keepKeys: string[]) {
    return this.db('apps')
      .where('entity_ref', entityRef)
      .whereNotIn('app_key', keepKeys)
      .delete();
  }

  async addRun(run: NewSyncRun): Promise<number> {
    const [row] = await this.db<RawRunRow>('sync_runs')
      .insert({
        app_key: run.appKey,
        revision: run.revision ?? null,
        trigger: run.trigger,
        initiator: run.initiator ?? null,
        result: run.result,
        message: run.message ?? null,
        started_at: new Date(run.startedAt),
        finished_at: run.finishedAt ? new Date(run.finishedAt) : null,
      })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async finishRun(
    id: number,
    update: Pick<SyncRun, 'result' | 'message' | 'finishedAt'>,
  ): Promise<void> {
    const count = await this.db('sync_runs')
      .where('id', id)
      .update({
        result: update.result,
        message: update.message ?? null,
        finished_at: new Date(update.finishedAt ?? Date.now()),
      });
    if (count === 0) throw new NotFoundError(`No sync run with id '${id}'`);
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
    return {
      totalCount: Number(count),
      items: rows.map(row => ({
        id: Number(row.id),
        appKey: row.app_key,
        revision: row.revision ?? undefined,
        trigger: row.trigger as SyncRun['trigger'],
        initiator: row.initiator ?? undefined,
        result: row.result as SyncRun['result'],
        message: row.message ?? undefined,
        startedAt: toIso(row.started_at),
        finishedAt: row.finished_at ? toIso(row.finished_at) : undefined,
      })),
    };
  }
}
