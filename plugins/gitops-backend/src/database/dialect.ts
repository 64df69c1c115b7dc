import { Knex } from 'knex';

/** PostgreSQL locks rows (FOR UPDATE); SQLite serialises every write anyway. */
export function isPostgres(db: Knex): boolean {
  return String(db.client.config.client).includes('pg');
}

/**
 * Puts a SQLite file in write-ahead-log mode. better-sqlite3 runs every
 * statement on the event loop, and in SQLite's default rollback-journal mode
 * each commit waits for several fsyncs: at a thousand apps that stalled every
 * reconcile for seconds per round. In WAL mode a commit appends to the log and
 * better-sqlite3's connections default to `synchronous = NORMAL`, which
 * survives a crash of the process (a power cut may lose the last commits).
 * The mode is stored in the file, so every later connection has it.
 * PostgreSQL and in-memory databases are left as they are.
 */
export async function useWriteAheadLog(db: Knex): Promise<void> {
  if (!String(db.client.config.client).includes('sqlite')) return;
  const [{ journal_mode: mode }] = await db.raw('PRAGMA journal_mode');
  if (mode === 'memory' || mode === 'wal') return;
  await db.raw('PRAGMA journal_mode = WAL');
}
