import { Knex } from 'knex';

// SQLite caps bound variables per statement; bulk inserts stay below it.
const INSERT_BATCH = 50;

/**
 * Inserts `rows` in statements of at most INSERT_BATCH rows, in the caller's
 * transaction. Unlike knex's `batchInsert`, it opens no transaction of its
 * own: each nested one is a savepoint and a fresh knex instance, which under
 * a fleet's syncs was most of the garbage reaching V8's old space.
 */
export async function insertInBatches(
  tx: Knex,
  table: string,
  rows: object[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await tx(table).insert(rows.slice(i, i + INSERT_BATCH));
  }
}
