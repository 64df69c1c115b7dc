import { normalizeRepoUrl } from '@slipway/plugin-gitops-node';
import { Knex } from 'knex';
import type { ParsedApp } from '../catalog/AppSpec';
import { isPostgres } from './dialect';
import {
  AppLease,
  AppLeases,
  AppRelease,
  ClaimedApp,
  InterruptedRun,
} from './AppLeases';

type LeaseRow = {
  app_key: string;
  declared: string | null;
  refetch_at: Date | string | number | null;
  sync_failures: number;
  lease_owner: string;
  lease_token: number | string;
};

const CLAIMED_COLUMNS = [
  'app_key',
  'declared',
  'refetch_at',
  'sync_failures',
  'lease_owner',
  'lease_token',
];

// PostgreSQL binds at most 65535 values per statement, SQLite 32766.
const KEY_BATCH = 500;

/**
 * App leases on PostgreSQL (claims skip rows another replica is claiming)
 * or SQLite (one process; its writes are serialised anyway).
 */
export class DatabaseAppLeases implements AppLeases {
  readonly #postgres: boolean;

  constructor(private readonly db: Knex) {
    this.#postgres = isPostgres(db);
  }

  async declare(apps: ParsedApp[]): Promise<void> {
    const now = new Date();
    const known = new Map<string, string | null>();
    for (let i = 0; i < apps.length; i += KEY_BATCH) {
      const keys = apps.slice(i, i + KEY_BATCH).map(a => a.key);
      const rows = await this.db('apps')
        .whereIn('app_key', keys)
        .select('app_key', 'declared');
      for (const row of rows) known.set(row.app_key, row.declared);
    }
    for (const app of apps) {
      const declared = JSON.stringify(app);
      if (known.has(app.key) && known.get(app.key) === declared) continue;
      const row = {
        declared,
        repo_url: app.valid ? normalizeRepoUrl(app.repoUrl) : null,
        due_at: now,
        refetch_at: now,
      };
      // Replicas starting together declare the same apps at once: only a
      // real change of the declaration makes an app due again.
      if (known.has(app.key)) {
        await this.db('apps')
          .where('app_key', app.key)
          .andWhere(changed =>
            changed.whereNull('declared').orWhereNot('declared', declared),
          )
          .update(row);
      } else {
        await this.db('apps')
          .insert({
            app_key: app.key,
            entity_ref: app.entityRef,
            cluster: app.cluster,
            sync_status: 'Unknown',
            health_status: 'Unknown',
            updated_at: now,
            ...row,
          })
          .onConflict('app_key')
          .ignore();
      }
    }
  }

  async declared(key: string): Promise<ParsedApp | undefined> {
    const row = await this.db('apps').where('app_key', key).first('declared');
    return row?.declared ? JSON.parse(row.declared) : undefined;
  }

  async declaredApps(keys: string[]): Promise<Map<string, ParsedApp>> {
    const apps = new Map<string, ParsedApp>();
    for (let i = 0; i < keys.length; i += KEY_BATCH) {
      const rows = await this.db('apps')
        .whereIn('app_key', keys.slice(i, i + KEY_BATCH))
        .whereNotNull('declared')
        .select('app_key', 'declared');
      for (const row of rows) apps.set(row.app_key, JSON.parse(row.declared));
    }
    return apps;
  }

  async claimDue(
    owner: string,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedApp[]> {
    if (limit <= 0) return [];
    const now = new Date();
    return this.db.transaction(async tx => {
      const due = tx('apps')
        .select('app_key', 'lease_owner')
        .whereNotNull('declared')
        .andWhere(claimable => dueOrAbandoned(claimable, now))
        .orderBy('due_at')
        .limit(limit);
      // Replicas claiming at once each take different rows instead of waiting.
      if (this.#postgres) due.forUpdate().skipLocked();
      const candidates: Array<{ app_key: string; lease_owner: string | null }> =
        await due;
      if (!candidates.length) return [];
      const rows: LeaseRow[] = await tx('apps')
        .whereIn(
          'app_key',
          candidates.map(c => c.app_key),
        )
        .update(this.#leaseColumns(owner, now, leaseMs))
        .returning(CLAIMED_COLUMNS);
      const previous = new Map(candidates.map(c => [c.app_key, c.lease_owner]));
      return rows.map(row => toClaimed(row, previous.get(row.app_key)));
    });
  }

  async claim(
    key: string,
    owner: string,
    leaseMs: number,
  ): Promise<ClaimedApp | undefined> {
    const now = new Date();
    const rows: LeaseRow[] = await this.db('apps')
      .where('app_key', key)
      .whereNotNull('declared')
      .andWhere(free =>
        free
          .whereNull('lease_expires_at')
          .orWhere('lease_expires_at', '<=', now),
      )
      .update(this.#leaseColumns(owner, now, leaseMs))
      .returning(CLAIMED_COLUMNS);
    return rows.length ? toClaimed(rows[0]) : undefined;
  }

  async renew(lease: AppLease, leaseMs: number): Promise<boolean> {
    const count = await this.db('apps')
      .where({
        app_key: lease.key,
        lease_owner: lease.owner,
        lease_token: lease.token,
      })
      .update({ lease_expires_at: new Date(Date.now() + leaseMs) });
    return count > 0;
  }

  async release(lease: AppLease, release: AppRelease): Promise<void> {
    // A due time set while the app ran (a push, a manual action) stands.
    await this.db('apps')
      .where({
        app_key: lease.key,
        lease_owner: lease.owner,
        lease_token: lease.token,
      })
      .update({
        due_at: this.db.raw('coalesce(due_at, ?)', [release.dueAt]),
        sync_failures: release.syncFailures,
        lease_owner: null,
        lease_expires_at: null,
      });
  }

  async makeDue(
    target: { keys: string[] } | { repoUrl: string },
    options: { refetch?: boolean } = {},
  ): Promise<string[]> {
    const now = new Date();
    const matching = () => {
      const query = this.db('apps').whereNotNull('declared');
      return 'keys' in target
        ? query.whereIn('app_key', target.keys)
        : query.where('repo_url', normalizeRepoUrl(target.repoUrl));
    };
    const keys: string[] = (await matching().select('app_key')).map(
      (r: { app_key: string }) => r.app_key,
    );
    if (!keys.length) return [];
    await matching()
      .andWhere(later => later.whereNull('due_at').orWhere('due_at', '>', now))
      .update({ due_at: now });
    if (options.refetch) await matching().update({ refetch_at: now });
    return keys;
  }

  async interruptOrphans(): Promise<InterruptedRun[]> {
    const now = new Date();
    // Still running only while its owner holds the app's lease.
    const ownerHoldsApp = (table: string) =>
      this.db('apps')
        .whereRaw(`apps.app_key = ${table}.app_key`)
        .whereRaw(`apps.lease_owner = ${table}.owner`)
        .where('apps.lease_expires_at', '>', now);
    const runs = await this.db('sync_runs')
      .where('result', 'Running')
      .whereNotExists(ownerHoldsApp('sync_runs'))
      .select('id', 'app_key', 'trigger', 'owner');
    for (const run of runs) {
      await this.db('sync_runs')
        .where({ id: run.id, result: 'Running' })
        .update({
          result: 'Interrupted',
          message: interruptedBy(run.owner, 'sync'),
          finished_at: now,
        });
    }
    const operations = await this.db('sync_operations')
      .where('status', 'Running')
      .whereNotExists(ownerHoldsApp('sync_operations'))
      .select('id', 'owner');
    for (const operation of operations) {
      await this.db('sync_operations')
        .where({ id: operation.id, status: 'Running' })
        .update({
          status: 'Interrupted',
          message: interruptedBy(operation.owner, 'operation'),
          finished_at: now,
        });
    }
    await this.db('sync_operations')
      .where('status', 'Pending')
      .whereNotExists(
        this.db('apps')
          .whereRaw('apps.app_key = sync_operations.app_key')
          .whereNotNull('apps.declared'),
      )
      .update({
        status: 'Interrupted',
        message: 'Interrupted: the app is no longer in the catalog',
        finished_at: now,
      });
    return runs.map(
      (r: { id: number | string; app_key: string; trigger: string }) => ({
        id: Number(r.id),
        appKey: r.app_key,
        trigger: r.trigger,
      }),
    );
  }

  async queueDepth(): Promise<{ due: number; running: number }> {
    const now = new Date();
    const [[{ due }], [{ running }]] = await Promise.all([
      this.db('apps')
        .whereNotNull('declared')
        .andWhere(claimable => dueOrAbandoned(claimable, now))
        .count({ due: '*' }),
      this.db('apps')
        .where('lease_expires_at', '>', now)
        .count({ running: '*' }),
    ]);
    return { due: Number(due), running: Number(running) };
  }

  #leaseColumns(owner: string, now: Date, leaseMs: number) {
    return {
      lease_owner: owner,
      lease_token: this.db.raw('lease_token + 1'),
      lease_expires_at: new Date(now.getTime() + leaseMs),
      // Nothing is due while the lease is held, unless someone asks meanwhile.
      due_at: null,
    };
  }
}

function interruptedBy(owner: string | null, what: string) {
  return `Interrupted: backend ${
    owner ?? '(unknown)'
  } stopped before the ${what} finished`;
}

// Due and free, or held by a backend that stopped renewing: its app is due
// at once, whatever due time it had (none while it held the lease).
function dueOrAbandoned(query: Knex.QueryBuilder, now: Date) {
  return query
    .where(due =>
      due
        .where('due_at', '<=', now)
        .andWhere(free =>
          free
            .whereNull('lease_expires_at')
            .orWhere('lease_expires_at', '<=', now),
        ),
    )
    .orWhere('lease_expires_at', '<=', now);
}

function toClaimed(row: LeaseRow, previousOwner?: string | null): ClaimedApp {
  return {
    ...(previousOwner && previousOwner !== row.lease_owner
      ? { takenFrom: previousOwner }
      : {}),
    lease: {
      key: row.app_key,
      owner: row.lease_owner,
      token: Number(row.lease_token),
    },
    app: JSON.parse(row.declared!),
    ...(row.refetch_at ? { refetchAt: new Date(row.refetch_at) } : {}),
    syncFailures: row.sync_failures,
  };
}
