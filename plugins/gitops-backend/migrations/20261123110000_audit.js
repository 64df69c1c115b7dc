// @ts-check

/**
 * Every attempt at a mutating action, allowed or denied: Slipway's own audit
 * trail, shown on the History tab next to the sync runs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_events', table => {
    table.comment('Who tried which mutating action on which app, and how it ended');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table
      .string('app_key', 512)
      .notNullable()
      .comment('<entityRef>@<cluster>; no foreign key: the trail outlives the app');
    table.string('action', 64).notNullable().comment('sync, refresh, rollback, unpin, revert, …');
    table.string('actor', 255).notNullable().comment('User entity ref or service subject');
    table.string('result', 16).notNullable().comment('denied, failed or succeeded');
    table.string('permission', 255).notNullable().comment('The permission that was checked');
    table.text('message');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['app_key', 'id'], 'audit_events_app_key_id_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_events');
};
