import type { DatabaseService } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { DatabaseAppLeases } from '../database/DatabaseAppLeases';
import { DatabaseGitopsStore } from '../database/DatabaseGitopsStore';
import { DatabaseOperationStore } from '../database/DatabaseOperationStore';
import { DatabaseRolloutStore } from '../database/DatabaseRolloutStore';
import type { ArgoRolloutState } from '../rollout/engine/argo/state';

/** The engines Slipway supports: PostgreSQL in production, SQLite by default. */
export const EVERY_ENGINE: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];

/** The database service a store gets from the backend, over one test database, migrations on. */
export function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}

/** A test database of one engine with the stores on it (each runs its migrations). */
export interface TestStores {
  knex: Knex;
  gitops: DatabaseGitopsStore;
  rollouts: DatabaseRolloutStore<ArgoRolloutState>;
  leases: DatabaseAppLeases;
  operations: DatabaseOperationStore;
}

/**
 * Test databases for one test file, SQLite only unless `ids` says more
 * (engines without a server in this environment are skipped). Call it at the
 * top of a file or a describe block: it registers the hook that closes the
 * databases after them.
 */
export function createTestDatabases(ids: TestDatabaseId[] = ['SQLITE_3']) {
  const databases = TestDatabases.create({ ids });
  return {
    /** The engines to run on, for `describe.each`. */
    eachSupportedId: () => databases.eachSupportedId(),
    /** A fresh, empty database (no migrations run). */
    init: (id: TestDatabaseId = ids[0]) => databases.init(id),
    /** A fresh database with both stores created on it. */
    async stores(id: TestDatabaseId = ids[0]): Promise<TestStores> {
      const knex = await databases.init(id);
      const database = databaseService(knex);
      return {
        knex,
        gitops: await DatabaseGitopsStore.create({ database }),
        rollouts: await DatabaseRolloutStore.create<ArgoRolloutState>({
          database,
        }),
        leases: new DatabaseAppLeases(knex),
        operations: new DatabaseOperationStore(knex),
      };
    },
  };
}
