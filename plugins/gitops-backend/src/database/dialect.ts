import { Knex } from 'knex';

/** PostgreSQL locks rows (FOR UPDATE); SQLite serialises every write anyway. */
export function isPostgres(db: Knex): boolean {
  return String(db.client.config.client).includes('pg');
}
