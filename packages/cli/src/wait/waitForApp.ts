import type {
  AppResource,
  GitopsApp,
  RolloutSummary,
  SyncOperation,
} from '@slipway/plugin-gitops-common';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatDuration } from '../args/duration';
import { AppTarget, appPath } from '../api/resolveApp';
import type { SlipwayClient } from '../api/SlipwayClient';
import { CliError, ExitCode } from '../exitCodes';
import { judgeApp, judgeOperation, judgeRollouts, Verdict } from './verdicts';

export interface WaitOptions {
  /** Follow this operation to its end first (what `sync --wait` started). */
  operationId?: number;
  /** Wait until the app is synced at this commit (a prefix will do). */
  revision?: string;
  /** Then wait for every rollout of the app to settle. */
  rollout: boolean;
  /** A dry run changes nothing: its operation is all there is to follow. */
  operationOnly?: boolean;
  timeoutMs: number;
  intervalMs: number;
  /** Each new state seen, for the log of a pipeline (stderr). */
  progress(line: string): void;
}

/** Where a wait ended: the app, and what else it followed. */
export interface WaitOutcome {
  app: GitopsApp;
  resources: AppResource[];
  operation?: SyncOperation;
  rollouts?: RolloutSummary[];
}

/** A wait that failed or timed out, with what it had seen by then. */
export class WaitError extends CliError {
  constructor(cause: CliError, readonly seen: Partial<WaitOutcome>) {
    super(cause.exitCode, cause.message);
    this.name = 'WaitError';
  }
}

/**
 * Follows an app, within one deadline, through: the operation (when given)
 * to its end, the app to Synced and Healthy (at the operation's revision),
 * and with `rollout` every rollout to Succeeded or Initialized. Fails with
 * exit code 6 as soon as something cannot end well, and with 5 at the
 * deadline, naming the last state seen. Answers the API refuses (401, 403,
 * 404) end it at once; a backend that fails or cannot be reached for a
 * while is asked again until the deadline.
 */
export async function waitForApp(
  client: SlipwayClient,
  target: AppTarget,
  options: WaitOptions,
): Promise<WaitOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const seen: Partial<WaitOutcome> = {};

  const timedOut = (goal: string, lastSeen: string) =>
    new CliError(
      ExitCode.Timeout,
      `timed out after ${formatDuration(
        options.timeoutMs,
      )} waiting for ${goal}; last state: ${lastSeen}`,
    );

  /** Looks until the verdict is done or failed, or the deadline passes. */
  const until = async <T>(
    goal: string,
    look: () => Promise<{ value: T; verdict: Verdict }>,
  ): Promise<T> => {
    let lastSeen = 'nothing yet';
    let problem: string | undefined;
    for (;;) {
      try {
        const { value, verdict } = await look();
        problem = undefined;
        if (verdict.seen !== lastSeen) {
          options.progress(`${target.key}: ${verdict.seen}`);
          lastSeen = verdict.seen;
        }
        if (verdict.state === 'done') return value;
        if (verdict.state === 'failed') {
          throw new CliError(ExitCode.Failed, verdict.message);
        }
      } catch (error) {
        // A backend that fails or cannot be reached is asked again; refusals,
        // verdicts and anything else end the wait (the deadline's abort below).
        const retry =
          error instanceof CliError && error.exitCode === ExitCode.Error;
        if (!retry && !signal.aborted) throw error;
        if (retry) {
          const message = (error as Error).message;
          if (message !== problem) options.progress(`${message}; asking again`);
          problem = message;
        }
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || signal.aborted) {
        throw timedOut(
          goal,
          problem ? `${lastSeen} (then: ${problem})` : lastSeen,
        );
      }
      await sleep(Math.min(options.intervalMs, remaining));
    }
  };

  try {
    return await follow(client, target, options, until, seen, signal);
  } catch (error) {
    if (error instanceof CliError) throw new WaitError(error, seen);
    if (signal.aborted) {
      throw new WaitError(
        timedOut(target.key, 'a request was still running'),
        seen,
      );
    }
    throw error;
  }
}

type Until = <T>(
  goal: string,
  look: () => Promise<{ value: T; verdict: Verdict }>,
) => Promise<T>;

/** The steps of a wait, each an `until`; `seen` keeps the latest answers. */
async function follow(
  client: SlipwayClient,
  target: AppTarget,
  options: WaitOptions,
  until: Until,
  seen: Partial<WaitOutcome>,
  signal: AbortSignal,
): Promise<WaitOutcome> {
  const path = appPath(target);
  let revision = options.revision;
  let syncedAt: number | undefined;

  if (options.operationId !== undefined) {
    const operationId = options.operationId;
    const { operation, app } = await until(
      `operation ${operationId} on ${target.key} to finish`,
      async () => {
        const res = await client.call(
          'getOperation',
          { path: { ...path, operationId } },
          signal,
        );
        seen.operation = res.operation;
        seen.app = res.app;
        return { value: res, verdict: judgeOperation(res.operation) };
      },
    );
    if (options.operationOnly) return { app, resources: [], operation };
    if (operation.runId !== undefined) {
      // The run the operation recorded: its commit is what the app must show.
      const { run } = await client.call(
        'getRun',
        { path: { ...target.entity, runId: operation.runId } },
        signal,
      );
      if (run.revision && !run.dryRun) revision = run.revision;
      if (run.finishedAt) syncedAt = Date.parse(run.finishedAt);
    }
  }

  const details = await until(
    `${target.key} to be Synced and Healthy${
      revision ? ` at ${revision.slice(0, 7)}` : ''
    }`,
    async () => {
      const res = await client.call('getApp', { path }, signal);
      seen.app = res.app;
      seen.resources = res.resources;
      return { value: res, verdict: judgeApp(res, revision) };
    },
  );
  const outcome: WaitOutcome = { ...details, operation: seen.operation };
  if (!options.rollout) return outcome;

  const since =
    syncedAt ?? (await lastSyncTime(client, target, details.app, signal));
  outcome.rollouts = await until(
    `the rollouts of ${target.key} to finish`,
    async () => {
      const { items } = await client.call('listRollouts', { path }, signal);
      seen.rollouts = items;
      const verdict = judgeRollouts(items, since);
      if (verdict.state !== 'failed' || !verdict.rollout) {
        return { value: items, verdict };
      }
      const run = await lastRun(
        client,
        { ...path, rollout: verdict.rollout },
        signal,
      );
      return {
        value: items,
        verdict: run
          ? { ...verdict, message: `${verdict.message} (${run})` }
          : verdict,
      };
    },
  );
  return outcome;
}

/** `run 3 Aborted: Rolling back …`: how the rollout's latest run ended, when it did. */
async function lastRun(
  client: SlipwayClient,
  path: ReturnType<typeof appPath> & { rollout: string },
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    const { items } = await client.call(
      'listRolloutRuns',
      { path, query: { limit: 1 } },
      signal,
    );
    const run = items[0];
    if (!run || run.result === 'Running') return undefined;
    return `run ${run.id} ${run.result}${
      run.message ? `: ${run.message}` : ''
    }`;
  } catch {
    return undefined; // the verdict stands without it
  }
}

/**
 * When the app last finished syncing its current revision (server time),
 * from its history; the app's own update time when the history has no such
 * run (it only keeps so many).
 */
async function lastSyncTime(
  client: SlipwayClient,
  target: AppTarget,
  app: GitopsApp,
  signal: AbortSignal,
): Promise<number> {
  const { items } = await client.call(
    'listHistory',
    { path: target.entity, query: { cluster: target.cluster, limit: 20 } },
    signal,
  );
  const run = items.find(
    r =>
      r.revision === app.revision &&
      r.result === 'Succeeded' &&
      !r.dryRun &&
      r.finishedAt,
  );
  return Date.parse(run?.finishedAt ?? app.updatedAt);
}
