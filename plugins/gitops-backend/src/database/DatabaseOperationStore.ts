import type {
  SyncOperation,
  SyncOperationRequest,
} from '@slipway/plugin-gitops-common';
import { Knex } from 'knex';
import { isPostgres } from './dialect';
import {
  NewOperation,
  OperationOutcome,
  OperationStore,
} from './OperationStore';

type Timestamp = Date | string | number;

type RawOperationRow = {
  id: number | string;
  app_key: string;
  action: string;
  request: string;
  initiator: string | null;
  status: string;
  message: string | null;
  run_id: number | string | null;
  owner: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
};

const iso = (t: Timestamp) => new Date(t).toISOString();

// Key order must not make two identical requests look different.
const canonical = (request: SyncOperationRequest) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(request)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  );

function toOperation(row: RawOperationRow): SyncOperation {
  return {
    id: Number(row.id),
    appKey: row.app_key,
    action: row.action as SyncOperation['action'],
    request: JSON.parse(row.request),
    ...(row.initiator ? { initiator: row.initiator } : {}),
    status: row.status as SyncOperation['status'],
    ...(row.message ? { message: row.message } : {}),
    ...(row.run_id !== null ? { runId: Number(row.run_id) } : {}),
    createdAt: iso(row.created_at),
    ...(row.started_at ? { startedAt: iso(row.started_at) } : {}),
    ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
  };
}

/** Operations in the `sync_operations` table. */
export class DatabaseOperationStore implements OperationStore {
  constructor(private readonly db: Knex) {}

  async request(
    operation: NewOperation,
  ): Promise<{ operation: SyncOperation; existing: boolean }> {
    const request = canonical(operation.request);
    return this.db.transaction(async tx => {
      // Requests for one app queue on its row, so two replicas receiving the
      // same retried request record it once.
      const app = tx('apps')
        .where('app_key', operation.appKey)
        .first('app_key');
      await (isPostgres(this.db) ? app.forUpdate() : app);
      const same: RawOperationRow | undefined = await tx('sync_operations')
        .where({
          app_key: operation.appKey,
          action: operation.action,
          request,
        })
        .whereIn('status', ['Pending', 'Running'])
        .orderBy('id')
        .first();
      if (same) return { operation: toOperation(same), existing: true };
      const [row] = await tx('sync_operations')
        .insert({
          app_key: operation.appKey,
          action: operation.action,
          request,
          initiator: operation.initiator ?? null,
          status: 'Pending',
          created_at: new Date(),
        })
        .returning('*');
      return { operation: toOperation(row), existing: false };
    });
  }

  async get(id: number): Promise<SyncOperation | undefined> {
    const row = await this.db('sync_operations').where('id', id).first();
    return row ? toOperation(row) : undefined;
  }

  async nextPending(appKey: string): Promise<SyncOperation | undefined> {
    const row = await this.db('sync_operations')
      .where({ app_key: appKey, status: 'Pending' })
      .orderBy('id')
      .first();
    return row ? toOperation(row) : undefined;
  }

  async start(id: number, owner: string): Promise<boolean> {
    const count = await this.db('sync_operations')
      .where({ id, status: 'Pending' })
      .update({ status: 'Running', owner, started_at: new Date() });
    return count > 0;
  }

  async finish(id: number, outcome: OperationOutcome): Promise<void> {
    await this.db('sync_operations')
      .where('id', id)
      .whereIn('status', ['Pending', 'Running'])
      .update({
        status: outcome.status,
        message: outcome.message ?? null,
        run_id: outcome.runId ?? null,
        finished_at: new Date(),
      });
  }
}
