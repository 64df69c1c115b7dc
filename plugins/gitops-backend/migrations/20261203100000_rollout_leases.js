// @ts-check

/**
 * Rollouts run by any backend replica, from the database: each rollout's
 * lease carries a token that fences its writes, rollouts are claimed when
 * their next tick is due, and the documents a rollout needs besides its spec
 * are stored beside the spec, so a replica that never reconciled the app can
 * run it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // knex does not escape quotes in PostgreSQL comments: no apostrophes in them.
  await knex.schema.alterTable('rollout_states', table => {
    table
      .bigInteger('lease_token')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Bumped on every change of lease owner; writes carrying an older token are refused',
      );
    // Replicas look for due rollouts by it every second.
    table.index(['next_tick_at'], 'rollout_states_next_tick_at_idx');
  });

  await knex.schema.alterTable('rollout_specs', table => {
    table
      .text('documents')
      .comment(
        'JSON list of the MetricTemplate and AlertProvider documents rendered beside the rollout; null until the reconcile that wrote the spec handed them over',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_specs', table => {
    table.dropColumn('documents');
  });
  await knex.schema.alterTable('rollout_states', table => {
    table.dropIndex(['next_tick_at'], 'rollout_states_next_tick_at_idx');
    table.dropColumn('lease_token');
  });
};
