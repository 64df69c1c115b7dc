// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('apps', table => {
    table.comment('One entity delivered to one cluster');
    table.string('app_key', 512).primary().comment('<entityRef>@<cluster>');
    table.string('entity_ref', 255).notNullable().index();
    table.string('cluster', 255).notNullable();
    table.string('sync_status', 32).notNullable().defaultTo('Unknown');
    table.string('health_status', 32).notNullable().defaultTo('Unknown');
    table.text('message').comment('Why the app is in its state');
    table.string('revision', 64).comment('Commit SHA last synced');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sync_runs', table => {
    table.comment('Every sync run of every app, newest last');
    table.bigIncrements('id').primary();
    // No foreign key: history outlives an app whose entity leaves the
    // catalog, and comes back with it.
    table.string('app_key', 512).notNullable();
    table.string('revision', 64);
    table.string('trigger', 32).notNullable();
    table.string('initiator', 255).comment('User or service that asked');
    table.string('result', 32).notNullable();
    table.text('message');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true });
    table.index(['app_key', 'id'], 'sync_runs_app_key_id_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('sync_runs');
  await knex.schema.dropTable('apps');
};
