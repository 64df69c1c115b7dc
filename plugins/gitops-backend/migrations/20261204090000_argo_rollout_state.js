// @ts-check

/**
 * The state of an Argo Rollouts `Rollout` between ticks: Argo's own status
 * (steps, pauses, the stable and canary pod template hashes) and its
 * AnalysisRuns, which Slipway runs itself instead of storing them as objects
 * in the cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // knex does not escape quotes in PostgreSQL comments: no apostrophes in them.
  await knex.schema.alterTable('rollout_states', table => {
    table
      .text('argo')
      .comment(
        'JSON {status, runs}: the status and AnalysisRuns of an Argo Rollout; null for other rollouts',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_states', table => {
    table.dropColumn('argo');
  });
};
