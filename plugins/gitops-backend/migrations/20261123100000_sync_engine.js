// @ts-check

/**
 * State the sync engine keeps per app between reconciles, the live resources
 * it shows, and each run's per-resource results.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('apps', table => {
    table.text('spec').comment('The app spec (JSON) the last reconcile used');
    table.string('pinned_revision', 64).comment('Set by rollback; auto-sync paused until unpinned');
    table.text('inventory').comment('JSON list of object ids applied by the last successful sync');
    table.string('last_auto_sync_key', 128).comment('revision+spec hash auto-sync last attempted');
    table.text('commit_message');
    table.string('commit_author', 255);
    table.timestamp('commit_date', { useTz: true });
    table.string('last_run_result', 32);
  });

  await knex.schema.createTable('app_resources', table => {
    table.comment('Every object of an app as last compared: the GitOps tab tree');
    table
      .string('app_key', 512)
      .notNullable()
      .references('app_key')
      .inTable('apps')
      .onDelete('CASCADE');
    table.string('id', 700).notNullable().comment('<group>/<kind>/<namespace>/<name>');
    table.string('api_version', 255).notNullable();
    table.string('kind', 255).notNullable();
    table.string('namespace', 255);
    table.string('name', 255).notNullable();
    table.string('parent_id', 700).comment('Owner, for the tree');
    table.string('sync_status', 32).comment('Empty for live-only children');
    table.string('health_status', 32);
    table.text('message');
    table.text('diff').comment('Unified diff live → desired, Secret values masked');
    table.primary(['app_key', 'id']);
  });

  await knex.schema.alterTable('sync_runs', table => {
    table.text('commit_message');
    table.string('commit_author', 255);
    table.boolean('dry_run').notNullable().defaultTo(false);
    table.boolean('prune').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('sync_run_resources', table => {
    table.comment('What one run did to each object');
    table
      .bigInteger('run_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('sync_runs')
      .onDelete('CASCADE');
    table.string('id', 700).notNullable();
    table.string('kind', 255).notNullable();
    table.string('namespace', 255);
    table.string('name', 255).notNullable();
    table.string('result', 32).notNullable().comment('Created, Configured, Unchanged, Pruned, PruneSkipped, Failed');
    table.text('message');
    table.index(['run_id']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('sync_run_resources');
  await knex.schema.alterTable('sync_runs', table => {
    table.dropColumns('commit_message', 'commit_author', 'dry_run', 'prune');
  });
  await knex.schema.dropTable('app_resources');
  await knex.schema.alterTable('apps', table => {
    table.dropColumns(
      'spec',
      'pinned_revision',
      'inventory',
      'last_auto_sync_key',
      'commit_message',
      'commit_author',
      'commit_date',
      'last_run_result',
    );
  });
};
