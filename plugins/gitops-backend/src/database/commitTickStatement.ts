import { Knex } from 'knex';
import type { TickCommit, TickWrites, RolloutState } from './RolloutStore';
import { fromRolloutCheck, fromRolloutEvent, fromState } from './rolloutRows';

/** Column types, so values in a VALUES list land in their columns as such. */
const EVENT_COLUMNS = {
  app_key: 'varchar',
  rollout: 'varchar',
  run_id: 'bigint',
  type: 'varchar',
  message: 'text',
  phase: 'varchar',
  canary_weight: 'integer',
  at: 'timestamptz',
};
const CHECK_COLUMNS = {
  run_id: 'bigint',
  kind: 'varchar',
  name: 'varchar',
  hook_type: 'varchar',
  value: 'double precision',
  min: 'double precision',
  max: 'double precision',
  status: 'integer',
  passed: 'boolean',
  message: 'text',
  canary_weight: 'integer',
  duration_ms: 'integer',
  at: 'timestamptz',
};

/** `, <name> AS (INSERT … only if the state was saved)`, binding the rows' values. */
function insertIfSaved(
  name: string,
  table: string,
  columns: Record<string, string>,
  rows: Array<Record<string, unknown>>,
  bindings: Knex.Value[],
): string {
  if (!rows.length) return '';
  const names = Object.keys(columns);
  const values = rows.map(row => {
    const cells = names.map(column => {
      bindings.push((row[column] ?? null) as Knex.Value);
      return `?::${columns[column]}`;
    });
    return `(${cells.join(', ')})`;
  });
  const list = names.map(n => `"${n}"`).join(', ');
  return `, ${name} AS (INSERT INTO ${table} (${list}) SELECT * FROM (VALUES ${values.join(
    ', ',
  )}) AS v (${list}) WHERE EXISTS (SELECT 1 FROM saved))`;
}

/**
 * On PostgreSQL, the common tick (no run opened or finished, no request
 * recorded meanwhile) saves its state, events and checks in one statement:
 * the state's update, fenced by the lease and the requests the tick read,
 * and the inserts, which happen only if it updated. One round trip instead
 * of a transaction's five. False when the fence did not hold: the caller
 * then finds out why (another owner, or a request to merge).
 */
export async function commitTickInOneStatement(
  db: Knex,
  state: RolloutState,
  writes: TickWrites,
  commit: TickCommit,
): Promise<boolean> {
  const { lease } = commit;
  const row: Record<string, unknown> = {
    ...fromState(state),
    lease_expires_at: commit.leaseUntil,
  };
  const bindings: Knex.Value[] = [];
  const set = Object.keys(row).map(column => {
    bindings.push(row[column] as Knex.Value);
    return `"${column}" = ?`;
  });
  bindings.push(
    lease.appKey,
    lease.rollout,
    lease.owner,
    lease.token,
    JSON.stringify(commit.requestsRead),
  );
  const sql = [
    `WITH saved AS (UPDATE rollout_states SET ${set.join(', ')}`,
    ' WHERE app_key = ? AND rollout = ? AND lease_owner = ?',
    ' AND lease_token = ? AND requests = ? RETURNING 1)',
    insertIfSaved(
      'events',
      'rollout_events',
      EVENT_COLUMNS,
      writes.events.map(fromRolloutEvent),
      bindings,
    ),
    insertIfSaved(
      'checks',
      'rollout_checks',
      CHECK_COLUMNS,
      writes.checks.map(fromRolloutCheck),
      bindings,
    ),
    ' SELECT count(*) AS saved FROM saved',
  ].join('');
  const result = await db.raw(sql, bindings);
  return Number(result.rows[0].saved) > 0;
}
