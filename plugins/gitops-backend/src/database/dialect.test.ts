import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { DatabaseGitopsStore } from './DatabaseGitopsStore';
import { DatabaseRolloutStore } from './DatabaseRolloutStore';

const sqlite = (filename: string) =>
  knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
const journalMode = async (db: Knex) =>
  (await db.raw('PRAGMA journal_mode'))[0].journal_mode;
const database = (db: Knex) => ({
  getClient: async () => db,
  migrations: { skip: false },
});

describe('the stores on a SQLite file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-sqlite-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it.each([
    ['DatabaseGitopsStore', DatabaseGitopsStore],
    ['DatabaseRolloutStore', DatabaseRolloutStore],
  ] as const)(
    '%s puts the file in WAL mode, so a commit does not wait on fsyncs of a rollback journal',
    async (_name, Store) => {
      const filename = path.join(dir, 'gitops.sqlite');
      const first = sqlite(filename);
      expect(await journalMode(first)).toBe('delete');
      await Store.create({ database: database(first) });
      expect(await journalMode(first)).toBe('wal');
      await first.destroy();

      // Stored in the file: a later connection (a restart) has it too, with
      // better-sqlite3's default for WAL of synchronous = NORMAL (1).
      const later = sqlite(filename);
      expect(await journalMode(later)).toBe('wal');
      expect((await later.raw('PRAGMA synchronous'))[0].synchronous).toBe(1);
      await later.destroy();
    },
  );

  it('leaves an in-memory database as it is', async () => {
    const memory = sqlite(':memory:');
    await DatabaseGitopsStore.create({ database: database(memory) });
    expect(await journalMode(memory)).toBe('memory');
    await memory.destroy();
  });
});
