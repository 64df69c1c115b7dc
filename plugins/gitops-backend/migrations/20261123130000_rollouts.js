// @ts-check

/**
 * The rollout engine's durable memory: each rollout's state between ticks
 * (with the lease that makes one backend its only writer), and the runs,
 * checks and events the Canary tab shows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // knex does not escape quotes in PostgreSQL comments: no apostrophes in them.
  await knex.schema.createTable('rollout_states', table => {
    table.comment('State of one rollout between ticks, and who may tick it');
    table
      .string('app_key', 512)
      .notNullable()
      .references('app_key')
      .inTable('apps')
      .onDelete('CASCADE');
    table.string('rollout', 255).notNullable().comment('Name of the rollout document');
    table.string('phase', 32).notNullable().defaultTo('').comment('Phase as Flagger names it; empty before initialisation');
    table.integer('canary_weight').notNullable().defaultTo(0);
    table.integer('failed_checks').notNullable().defaultTo(0).comment('Cumulative within the run');
    table.integer('iterations').notNullable().defaultTo(0);
    table.integer('step_index').notNullable().defaultTo(0);
    table.string('last_applied_spec', 64).comment('Pod-template hash of the revision under analysis');
    table.string('last_promoted_spec', 64).comment('Pod-template hash last promoted');
    table
      .text('tracked_configs')
      .notNullable()
      .defaultTo('{}')
      .comment('JSON: configmap/<n> | secret/<n> → checksum, as last seen');
    table.text('pause').comment('JSON {reason, startedAt, until?} while paused');
    table.text('requests').notNullable().defaultTo('{}').comment('JSON: manual requests the next tick acts on');
    table.boolean('pre_rollout_done').notNullable().defaultTo(false).comment('pre-rollout hooks run once per run');
    table.boolean('mirrored').notNullable().defaultTo(false);
    table.bigInteger('run_id').comment('The run in progress or the last one');
    table.timestamp('waiting_since', { useTz: true }).comment('Start of the readiness wait, for its deadline');
    table.timestamp('last_transition_at', { useTz: true });
    table.timestamp('last_tick_at', { useTz: true });
    table.timestamp('next_tick_at', { useTz: true }).comment('A restarted backend resumes here, never earlier');
    table.text('message').notNullable().defaultTo('').comment('The newest event');
    table
      .timestamp('updated_at', { useTz: true })
      .comment('Null while the row only holds a lease: the engine has saved no state yet');
    table.string('lease_owner', 255).comment('Backend instance that ticks this rollout');
    table.timestamp('lease_expires_at', { useTz: true }).comment('Others may claim the rollout from then on');
    table.primary(['app_key', 'rollout']);
  });

  await knex.schema.createTable('rollout_runs', table => {
    table.comment('Every run of every rollout: one revision analysed, newest last');
    table.bigIncrements('id').primary();
    // No foreign key: like sync_runs, history outlives an app whose entity
    // leaves the catalog, and comes back with it.
    table.string('app_key', 512).notNullable();
    table.string('rollout', 255).notNullable();
    table.string('revision', 64).notNullable().comment('Pod-template hash of the canary');
    table.string('commit_sha', 64).comment('Git commit the sync engine had applied at the start');
    table.string('strategy', 32).notNullable().comment('canary, blueGreen, abTesting, mirroring or steps');
    table.string('result', 32).notNullable().comment('Running, Succeeded, Failed, Aborted, Superseded');
    table.text('message');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true });
    table.index(['app_key', 'rollout', 'id'], 'rollout_runs_app_key_rollout_id_idx');
  });

  await knex.schema.createTable('rollout_checks', table => {
    table.comment('Each metric or webhook measured by a tick of a run');
    table.bigIncrements('id').primary();
    table
      .bigInteger('run_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('rollout_runs')
      .onDelete('CASCADE');
    table.string('kind', 16).notNullable().comment('metric or webhook');
    table.string('name', 255).notNullable();
    table.string('hook_type', 64).comment('Webhook type; null for metrics');
    table.double('value').comment('Null when nothing was measured');
    table.double('min');
    table.double('max');
    table.integer('status').comment('HTTP status the webhook answered');
    table.boolean('passed').notNullable();
    table.text('message');
    table.integer('canary_weight').notNullable();
    table.integer('duration_ms').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['run_id', 'id'], 'rollout_checks_run_id_id_idx');
  });

  await knex.schema.createTable('rollout_events', table => {
    table.comment('Events of a rollout in the words of Flagger, newest last');
    table.bigIncrements('id').primary();
    // No foreign keys, as for rollout_runs.
    table.string('app_key', 512).notNullable();
    table.string('rollout', 255).notNullable();
    table.bigInteger('run_id').comment('Null outside a run (e.g. initialisation)');
    table.string('type', 16).notNullable().comment('Normal or Warning');
    table.text('message').notNullable();
    table.string('phase', 32).notNullable();
    table.integer('canary_weight').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['app_key', 'rollout', 'id'], 'rollout_events_app_key_rollout_id_idx');
    table.index(['run_id', 'id'], 'rollout_events_run_id_id_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_events');
  await knex.schema.dropTable('rollout_checks');
  await knex.schema.dropTable('rollout_runs');
  await knex.schema.dropTable('rollout_states');
};
