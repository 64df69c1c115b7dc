import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  createTestDatabases,
  EVERY_ENGINE,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@slipway/plugin-gitops-backend',
  'migrations',
);
const databases = createTestDatabases(EVERY_ENGINE);

describe.each(databases.eachSupportedId())('migrations (%s)', id => {
  it('go up and down cleanly, step by step', async () => {
    const knex = await databases.init(id);
    const config = { directory: migrationsDir };

    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('apps')).toBe(true);
    expect(await knex.schema.hasTable('sync_runs')).toBe(true);
    expect(await knex.schema.hasTable('audit_events')).toBe(true);
    expect(await knex.schema.hasTable('rollout_specs')).toBe(true);
    for (const table of [
      'rollout_states',
      'rollout_runs',
      'rollout_checks',
      'rollout_events',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }

    expect(await knex.schema.hasTable('sync_operations')).toBe(true);
    expect(await knex.schema.hasColumn('apps', 'lease_token')).toBe(true);
    expect(await knex.schema.hasColumn('rollout_states', 'lease_token')).toBe(
      true,
    );

    expect(await knex.schema.hasColumn('rollout_states', 'argo')).toBe(true);
    expect(await knex.schema.hasTable('notification_events')).toBe(true);

    await knex.migrate.down(config);
    expect(await knex.schema.hasTable('notification_events')).toBe(false);
    expect(await knex.schema.hasColumn('rollout_states', 'argo')).toBe(true);

    await knex.migrate.down(config);
    expect(await knex.schema.hasColumn('rollout_states', 'argo')).toBe(false);
    expect(await knex.schema.hasColumn('rollout_states', 'lease_token')).toBe(
      true,
    );

    await knex.migrate.down(config);
    expect(await knex.schema.hasColumn('rollout_states', 'lease_token')).toBe(
      false,
    );
    expect(await knex.schema.hasColumn('rollout_specs', 'documents')).toBe(
      false,
    );
    expect(await knex.schema.hasTable('sync_operations')).toBe(true);

    await knex.migrate.down(config);
    expect(await knex.schema.hasTable('sync_operations')).toBe(false);
    expect(await knex.schema.hasColumn('apps', 'lease_token')).toBe(false);
    expect(await knex.schema.hasColumn('sync_runs', 'owner')).toBe(false);
    expect(await knex.schema.hasTable('rollout_states')).toBe(true);

    await knex.migrate.down(config);
    for (const table of [
      'rollout_states',
      'rollout_runs',
      'rollout_checks',
      'rollout_events',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    expect(await knex.schema.hasTable('rollout_specs')).toBe(true);

    await knex.migrate.down(config);
    expect(await knex.schema.hasTable('rollout_specs')).toBe(false);
    expect(await knex.schema.hasTable('audit_events')).toBe(true);

    await knex.migrate.down(config);
    expect(await knex.schema.hasTable('audit_events')).toBe(false);
    expect(await knex.schema.hasTable('sync_runs')).toBe(true);

    await knex.migrate.rollback(config, true);
    expect(await knex.schema.hasTable('apps')).toBe(false);
    expect(await knex.schema.hasTable('sync_runs')).toBe(false);

    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('apps')).toBe(true);
    await knex.destroy();
  });
});
