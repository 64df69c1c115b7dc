// @ts-check

/**
 * Work shared through the database: every app the catalog declares has a
 * row with its due time and a lease, so any number of backends claim apps
 * from it; manual actions are operations any backend can run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // knex does not escape quotes in PostgreSQL comments: no apostrophes in them.
  await knex.schema.alterTable('apps', table => {
    table.text('declared').comment('The app as the catalog declares it now (JSON); the claiming backend reconciles this');
    table.string('repo_url', 1000).comment('Normalized repository URL, for push webhooks');
    table.timestamp('due_at', { useTz: true }).comment('Next reconcile; null while a backend holds the lease and none was asked for');
    table.timestamp('refetch_at', { useTz: true }).comment('Last push or manual action: ref listings older than this are stale');
    table.integer('sync_failures').notNullable().defaultTo(0).comment('Failed automatic syncs in a row, for the retry backoff');
    table.string('lease_owner', 255).comment('Backend instance reconciling the app');
    table.bigInteger('lease_token').notNullable().defaultTo(0).comment('Bumped on every claim; writes carrying an older token are refused');
    table.timestamp('lease_expires_at', { useTz: true }).comment('Others may claim the app from then on');
    table.string('status_hash', 32).comment('Hash of the status, resources and spec last written');
    table.string('rollout_specs_hash', 32).comment('Hash of the rollout documents last written');
    table.index(['due_at'], 'apps_due_at_idx');
    table.index(['repo_url'], 'apps_repo_url_idx');
  });

  await knex.schema.alterTable('sync_runs', table => {
    table.string('owner', 255).comment('Backend instance that ran it; runs of a vanished owner end Interrupted');
    table.bigInteger('operation_id').comment('The operation that asked for it, if any');
    table.index(['result'], 'sync_runs_result_idx');
  });

  await knex.schema.createTable('sync_operations', table => {
    table.comment('A sync, rollback, unpin or refresh someone asked for, followed to completion');
    table.bigIncrements('id').primary();
    // No foreign key, like sync_runs: the record outlives the app.
    table.string('app_key', 512).notNullable();
    table.string('action', 32).notNullable().comment('sync, rollback, unpin or refresh');
    table.text('request').notNullable().comment('JSON of the options asked for');
    table.string('initiator', 255);
    table.string('status', 32).notNullable().comment('Pending, Running, Succeeded, Failed or Interrupted');
    table.text('message');
    table.bigInteger('run_id').comment('The sync run it recorded, if any');
    table.string('owner', 255).comment('Backend instance running it');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true });
    table.timestamp('finished_at', { useTz: true });
    table.index(['app_key', 'status'], 'sync_operations_app_key_status_idx');
    table.index(['status'], 'sync_operations_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('sync_operations');
  await knex.schema.alterTable('sync_runs', table => {
    table.dropIndex(['result'], 'sync_runs_result_idx');
    table.dropColumns('owner', 'operation_id');
  });
  await knex.schema.alterTable('apps', table => {
    table.dropIndex(['due_at'], 'apps_due_at_idx');
    table.dropIndex(['repo_url'], 'apps_repo_url_idx');
    table.dropColumns(
      'declared',
      'repo_url',
      'due_at',
      'refetch_at',
      'sync_failures',
      'lease_owner',
      'lease_token',
      'lease_expires_at',
      'status_hash',
      'rollout_specs_hash',
    );
  });
};
