import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { commitTickInOneStatement } from './commitTickStatement';
import { isPostgres } from './dialect';
import { insertInBatches } from './insertInBatches';
import { LeaseLostError } from './LeaseLostError';
import { mergeRequests, sameRequests } from './mergeRequests';
import type {
  RolloutLease,
  RolloutState,
  TickCommit,
  TickCommitted,
  TickWrites,
} from './RolloutStore';
import {
  fromRolloutCheck,
  fromRolloutEvent,
  fromRolloutRun,
  fromState,
  idOf,
  RawRolloutStateRow,
  toState,
} from './rolloutRows';

const leaseLost = (lease: RolloutLease) =>
  new LeaseLostError(
    `Rollout ${lease.rollout} of ${lease.appKey} (lease token ${lease.token})`,
    lease.owner,
  );

/**
 * Saves a tick's state with its runs, events and checks in one transaction,
 * only while its lease holds: a backend that lost the rollout (a long pause,
 * a partition) writes nothing, and the new owner's state stands.
 */
export async function commitTick(
  db: Knex,
  state: RolloutState,
  writes: TickWrites,
  commit: TickCommit,
): Promise<TickCommitted> {
  const { lease } = commit;
  const leased = (query: Knex) =>
    query('rollout_states').where({
      app_key: lease.appKey,
      rollout: lease.rollout,
      lease_owner: lease.owner,
      lease_token: lease.token,
    });
  // Most ticks: no request came in meanwhile and no run started. Then one
  // write, fenced by the lease and the requests the tick read, saves the
  // state; its row lock keeps the lease in place until the rest is written.
  const unchanged = (query: Knex) =>
    leased(query)
      .where('requests', JSON.stringify(commit.requestsRead))
      .update({ ...fromState(state), lease_expires_at: commit.leaseUntil });
  const noRuns = !writes.runs.length && !writes.finishedRuns.length;
  if (noRuns && isPostgres(db)) {
    if (await commitTickInOneStatement(db, state, writes, commit))
      return { requestsArrived: false };
  } else if (noRuns && !writes.events.length && !writes.checks.length) {
    if (await unchanged(db)) return { requestsArrived: false };
  }

  return db.transaction(async tx => {
    if (!writes.runs.length && (await unchanged(tx))) {
      await writeRecords(tx, writes, id => id);
      return { requestsArrived: false };
    }
    // The row stays locked to the end: no claim or request slips in between.
    const read = leased(tx).first('requests');
    if (isPostgres(db)) read.forUpdate();
    const row: { requests: string } | undefined = await read;
    if (!row) throw leaseLost(lease);

    const stored = JSON.parse(row.requests);
    const requestsArrived = !sameRequests(stored, commit.requestsRead);
    state.requests = mergeRequests(commit.requestsRead, state.requests, stored);
    // A request recorded during the tick is acted on at once.
    if (requestsArrived) state.nextTickAt = new Date().toISOString();

    const runIds = new Map<number, number>();
    for (const { placeholder, run } of writes.runs) {
      const [inserted] = await tx('rollout_runs')
        .insert(fromRolloutRun(run))
        .returning('id');
      runIds.set(placeholder, idOf(inserted));
    }
    const runId = (id: number) => runIds.get(id) ?? id;
    await writeRecords(tx, writes, runId);
    if (state.runId !== undefined) state.runId = runId(state.runId);

    const updated = await leased(tx).update({
      ...fromState(state),
      lease_expires_at: commit.leaseUntil,
    });
    if (!updated) throw leaseLost(lease);
    return { requestsArrived, runIds };
  });
}

/** Finished runs, events and checks, with the real ids of the runs the tick opened. */
async function writeRecords(
  tx: Knex.Transaction,
  writes: TickWrites,
  runId: (id: number) => number,
): Promise<void> {
  for (const finished of writes.finishedRuns) {
    await tx('rollout_runs')
      .where('id', runId(finished.id))
      .update({
        result: finished.result,
        message: finished.message ?? null,
        finished_at: new Date(finished.finishedAt ?? Date.now()),
      });
  }
  await insertInBatches(
    tx,
    'rollout_events',
    writes.events.map(e =>
      fromRolloutEvent({
        ...e,
        runId: e.runId === undefined ? undefined : runId(e.runId),
      }),
    ),
  );
  await insertInBatches(
    tx,
    'rollout_checks',
    writes.checks.map(c => fromRolloutCheck({ ...c, runId: runId(c.runId) })),
  );
}

/** How often a request is read again when the state keeps changing under it. */
const REQUEST_ATTEMPTS = 20;

/** Columns a lease renewal or a rescheduled tick change, leaving the state as it was. */
const NOT_STATE = new Set([
  'lease_owner',
  'lease_token',
  'lease_expires_at',
  'next_tick_at',
]);

/**
 * The row's state columns as read, to match the row only while they hold.
 * Every column, not a timestamp: two commits can land in one millisecond.
 */
const stateAsRead = (row: RawRolloutStateRow) =>
  Object.fromEntries(
    Object.entries(row).filter(([column]) => !NOT_STATE.has(column)),
  );

/**
 * Records a manual request on the stored requests alone, when neither they
 * nor the state changed since they were read (else it reads and checks
 * again), and makes the rollout due now for whichever backend holds it.
 */
export async function recordRolloutRequest<Argo>(
  db: Knex,
  appKey: string,
  rollout: string,
  apply: (state: RolloutState<Argo>) => void | Promise<void>,
): Promise<RolloutState<Argo> | undefined> {
  const key = { app_key: appKey, rollout };
  for (let attempt = 0; attempt < REQUEST_ATTEMPTS; attempt++) {
    const row = await db<RawRolloutStateRow>('rollout_states')
      .where(key)
      .whereNotNull('updated_at')
      .first();
    if (!row) return undefined;
    const state = toState<Argo>(row);
    await apply(state);
    const now = new Date();
    const recorded = await db('rollout_states')
      .where(stateAsRead(row))
      .update({ requests: JSON.stringify(state.requests), next_tick_at: now });
    if (recorded) {
      state.nextTickAt = now.toISOString();
      return state;
    }
  }
  throw new ConflictError(
    `Rollout ${rollout} of ${appKey} changed on every attempt to record the request; try again`,
  );
}
