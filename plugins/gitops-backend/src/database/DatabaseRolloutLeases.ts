import { Knex } from 'knex';
import { isPostgres } from './dialect';
import type {
  ClaimedRollout,
  RolloutLease,
  StoredRollout,
} from './RolloutStore';
import { RawRolloutStateRow, toState } from './rolloutRows';

/** A rollout spec the engine may run: parsed without errors. */
const validSpec = (query: Knex.QueryBuilder, table: string) =>
  query.whereNotNull(`${table}.spec`).where(`${table}.errors`, '[]');

/** Nobody else holds the lease: free, expired or `owner`'s own. */
const claimableBy =
  (owner: string, now: Date, table = 'rollout_states') =>
  (query: Knex.QueryBuilder) =>
    query
      .whereNull(`${table}.lease_owner`)
      .orWhere(`${table}.lease_owner`, owner)
      .orWhereNull(`${table}.lease_expires_at`)
      .orWhere(`${table}.lease_expires_at`, '<=', now);

/**
 * Which rollouts any replica may tick, and who ticks each: the due time and
 * lease of every rollout, in rollout_states, beside the specs the reconciles
 * store in rollout_specs and the app specs in apps.
 */
export class DatabaseRolloutLeases {
  readonly #postgres: boolean;

  constructor(private readonly db: Knex) {
    this.#postgres = isPostgres(db);
  }

  async registerRollouts(
    appKey: string,
    rollouts: string[],
    documents: unknown[],
  ): Promise<void> {
    const json = JSON.stringify(documents);
    const now = new Date();
    await this.db.transaction(async tx => {
      // Written only when it changed: a reconcile hands over every time.
      await tx('rollout_specs')
        .where('app_key', appKey)
        .andWhere(changed =>
          changed.whereNull('documents').orWhereNot('documents', json),
        )
        .update({ documents: json });
      if (!rollouts.length) return;
      await tx('rollout_states')
        .insert(
          rollouts.map(rollout => ({
            app_key: appKey,
            rollout,
            next_tick_at: now,
          })),
        )
        .onConflict(['app_key', 'rollout'])
        .ignore();
    });
  }

  async getStoredRollout(
    appKey: string,
    rollout: string,
  ): Promise<(Partial<StoredRollout> & { spec: string }) | undefined> {
    const row = await validSpec(
      this.db('rollout_specs as s')
        .leftJoin('apps as a', 'a.app_key', 's.app_key')
        .where({ 's.app_key': appKey, 's.name': rollout }),
      's',
    ).first('s.spec', 's.documents', 'a.spec as app');
    if (!row) return undefined;
    return {
      appKey,
      rollout,
      spec: row.spec,
      documents: row.documents ?? undefined,
      app: row.app ?? undefined,
    };
  }

  async claimRollout(
    appKey: string,
    rollout: string,
    owner: string,
    ttlMs: number,
  ): Promise<RolloutLease | undefined> {
    const now = new Date();
    const until = new Date(now.getTime() + ttlMs);
    // One conditional UPDATE: the database serialises competing claims on the
    // row, so at most one owner finds the lease free and takes it.
    const take = async () => {
      const rows: Array<{ lease_token: number | string }> = await this.db(
        'rollout_states',
      )
        .where({ app_key: appKey, rollout })
        .andWhere(claimableBy(owner, now))
        .update(this.#leaseColumns(owner, until))
        .returning(['lease_token']);
      return rows.length
        ? { appKey, rollout, owner, token: Number(rows[0].lease_token) }
        : undefined;
    };
    const lease = await take();
    if (lease) return lease;
    // No row yet: create a free one, due now. When another backend inserted
    // first, its row stands and the second attempt sees its lease.
    await this.db('rollout_states')
      .insert({ app_key: appKey, rollout, next_tick_at: now })
      .onConflict(['app_key', 'rollout'])
      .ignore();
    return take();
  }

  async claimDueRollouts<Argo>(
    owner: string,
    limit: number,
    ttlMs: number,
  ): Promise<ClaimedRollout<Argo>[]> {
    if (limit <= 0) return [];
    const now = new Date();
    const until = new Date(now.getTime() + ttlMs);
    const due = validSpec(
      this.db('rollout_states as r')
        .join('rollout_specs as s', join =>
          join.on('s.app_key', 'r.app_key').andOn('s.name', 'r.rollout'),
        )
        .join('apps as a', 'a.app_key', 'r.app_key')
        .whereNotNull('s.documents')
        .whereNotNull('a.spec')
        .andWhere(when =>
          when.whereNull('r.next_tick_at').orWhere('r.next_tick_at', '<=', now),
        )
        .andWhere(claimableBy(owner, now, 'r')),
      's',
    )
      .orderBy('r.next_tick_at')
      .limit(limit)
      .select('r.app_key', 'r.rollout');
    // Replicas claiming at once each take different rows instead of waiting.
    if (this.#postgres) due.forUpdate('r').skipLocked();
    // Not due again before the claim expires: the tick's commit sets the
    // next tick; if this backend dies first, others take over at expiry.
    const rows: RawRolloutStateRow[] = await this.db('rollout_states')
      .whereIn(['app_key', 'rollout'], due)
      .update({ ...this.#leaseColumns(owner, until), next_tick_at: until })
      .returning('*');
    if (!rows.length) return [];
    const definitions = await this.#definitions(
      rows.map(r => [r.app_key, r.rollout]),
    );
    return rows.flatMap(row => {
      const definition = definitions.get(`${row.app_key}#${row.rollout}`);
      if (!definition) return [];
      const lease = {
        appKey: row.app_key,
        rollout: row.rollout,
        owner,
        token: Number(row.lease_token),
      };
      return [
        {
          lease,
          definition,
          state: row.updated_at === null ? undefined : toState<Argo>(row),
        },
      ];
    });
  }

  async renewRollout(lease: RolloutLease, until: Date): Promise<boolean> {
    const count = await this.db('rollout_states')
      .where({
        app_key: lease.appKey,
        rollout: lease.rollout,
        lease_owner: lease.owner,
        lease_token: lease.token,
      })
      .update({
        // A due time set by a claim moves with the lease; one set by a
        // manual request meanwhile stands.
        next_tick_at: this.db.raw(
          'CASE WHEN next_tick_at = lease_expires_at THEN ? ELSE next_tick_at END',
          [until],
        ),
        lease_expires_at: until,
      });
    return count > 0;
  }

  async releaseRollouts(owner: string): Promise<void> {
    const now = new Date();
    await this.db('rollout_states')
      .where('lease_owner', owner)
      .where('lease_expires_at', '>', now)
      .update({
        // A claim whose tick never committed is due at once.
        next_tick_at: this.db.raw(
          'CASE WHEN next_tick_at = lease_expires_at THEN ? ELSE next_tick_at END',
          [now],
        ),
        lease_expires_at: now,
      });
  }

  /** The new owner gets a new token; the holder renewing keeps its own. */
  #leaseColumns(owner: string, until: Date) {
    return {
      lease_token: this.db.raw(
        'CASE WHEN lease_owner = ? THEN lease_token ELSE lease_token + 1 END',
        [owner],
      ),
      lease_owner: owner,
      lease_expires_at: until,
    };
  }

  async #definitions(
    keys: Array<[string, string]>,
  ): Promise<Map<string, StoredRollout>> {
    const rows: Array<{
      app_key: string;
      name: string;
      spec: string;
      documents: string;
      app: string;
    }> = await validSpec(
      this.db('rollout_specs as s')
        .join('apps as a', 'a.app_key', 's.app_key')
        .whereIn(['s.app_key', 's.name'], keys)
        .whereNotNull('s.documents')
        .whereNotNull('a.spec'),
      's',
    ).select('s.app_key', 's.name', 's.spec', 's.documents', 'a.spec as app');
    return new Map(
      rows.map(row => [
        `${row.app_key}#${row.name}`,
        {
          appKey: row.app_key,
          rollout: row.name,
          spec: row.spec,
          documents: row.documents,
          app: row.app,
        },
      ]),
    );
  }
}
