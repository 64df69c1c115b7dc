// @ts-check

/**
 * Each app's rollout documents as the last reconcile parsed them, with their
 * validation errors and warnings: the plan the rollout engine will run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_specs', table => {
    table.comment('Parsed rollout documents of an app and their validation messages');
    table
      .string('app_key', 512)
      .notNullable()
      .references('app_key')
      .inTable('apps')
      .onDelete('CASCADE');
    table
      .integer('position')
      .notNullable()
      .comment('Order rendered; names may be missing or repeated in invalid documents');
    table.string('name', 255).notNullable();
    table.string('kind', 64).notNullable().comment("Canary or Rollout; '' when no document exists");
    table.text('spec').comment('The parsed RolloutSpec (JSON); null when the document is invalid');
    table.text('errors').notNullable().comment('JSON list of messages');
    table.text('warnings').notNullable().comment('JSON list of messages');
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['app_key', 'position']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_specs');
};
