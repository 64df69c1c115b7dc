// @ts-check

/**
 * Owner notifications: one row per delivery event (a failed sync, an app
 * turning Degraded, a rollout waiting, failed or promoted). Its key says
 * which event it is; inserting it is the claim that makes the event notified
 * once, whichever tick or backend saw it first. The row is also the outbox:
 * undelivered rows are retried while the notifications backend is away.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // knex does not escape quotes in PostgreSQL comments: no apostrophes in them.
  await knex.schema.createTable('notification_events', table => {
    table.comment('Delivery events told to the owners of an app, each once');
    table.string('event_key', 64).primary().comment('SHA-256 of the event identity');
    table.text('identity').notNullable().comment('kind, app and what makes the event itself: revision, or rollout and run');
    // No foreign key, like sync_runs: the record outlives the app.
    table.string('app_key', 512).notNullable();
    table.string('kind', 32).notNullable().comment('syncFailed, degraded, rolloutWaiting, rolloutFailed or rolloutSucceeded');
    table.text('notification').notNullable().comment('JSON of the recipients and payload sent to the notifications backend');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('claimed_until', { useTz: true }).comment('A backend is sending it until then');
    table.timestamp('delivered_at', { useTz: true });
    table.index(['app_key', 'kind'], 'notification_events_app_kind_idx');
    table.index(['delivered_at'], 'notification_events_delivered_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('notification_events');
};
