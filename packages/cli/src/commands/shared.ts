import { parseAppRef } from '../args/appRef';
import { parseDuration } from '../args/duration';
import type { OptionValues } from '../args/options';
import { AppTarget, resolveApp } from '../api/resolveApp';
import { CliError, CommandResult, ExitCode } from '../exitCodes';
import { describeApp, rolloutsTable } from '../output/describe';
import {
  WaitError,
  waitForApp,
  WaitOptions,
  WaitOutcome,
} from '../wait/waitForApp';
import type { CommandContext } from './types';

export const DEFAULT_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_INTERVAL_MS = 2000;

/** The app the first argument names, its cluster from `@cluster`, `--cluster` or the only one. */
export function targetOf(
  ctx: CommandContext,
  app: string,
  options: OptionValues,
): Promise<AppTarget> {
  return resolveApp(
    ctx.client,
    parseAppRef(app, options.cluster as string | undefined),
  );
}

function durationOption(
  options: OptionValues,
  name: string,
  fallback: number,
): number {
  const text = options[name] as string | undefined;
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    throw new CliError(
      ExitCode.Usage,
      `--${name} '${text}' is no duration: write e.g. 90s, 5m, 1h30m or a number of seconds`,
    );
  }
  return ms;
}

/** `--timeout`, `--interval` and `--rollout` as waitForApp takes them. */
export function waitOptions(
  ctx: CommandContext,
  options: OptionValues,
): Omit<WaitOptions, 'operationId' | 'revision' | 'operationOnly'> {
  return {
    rollout: options.rollout === true,
    timeoutMs: durationOption(options, 'timeout', DEFAULT_TIMEOUT_MS),
    intervalMs: durationOption(options, 'interval', DEFAULT_INTERVAL_MS),
    progress: ctx.progress,
  };
}

/** `--rollout`, `--timeout` and `--interval` mean nothing without `--wait`. */
export function requireWaitFor(options: OptionValues): void {
  const given = ['rollout', 'timeout', 'interval'].filter(
    name => options[name] !== undefined,
  );
  if (given.length && !options.wait) {
    throw new CliError(
      ExitCode.Usage,
      `${given.map(n => `--${n}`).join(', ')} only apply with --wait`,
    );
  }
}

/** How a wait ended, for either output. */
export function waitResult(outcome: Partial<WaitOutcome>): CommandResult {
  const parts: string[] = [];
  if (outcome.app) parts.push(describeApp(outcome.app));
  if (outcome.operation) {
    const op = outcome.operation;
    parts.push(
      `Operation ${op.id} (${op.action}) ${op.status}${
        op.message ? `: ${op.message}` : ''
      }`,
    );
  }
  if (outcome.rollouts) parts.push(rolloutsTable(outcome.rollouts));
  const { resources: _resources, ...json } = outcome;
  return { json, text: parts.join('\n\n') };
}

/** Runs a wait; a failed or timed-out one still prints where it ended. */
export async function waitAndReport(
  ctx: CommandContext,
  target: AppTarget,
  options: WaitOptions,
): Promise<CommandResult> {
  try {
    const outcome = await waitForApp(ctx.client, target, options);
    return waitResult(outcome);
  } catch (error) {
    if (error instanceof WaitError) {
      throw new CliError(error.exitCode, error.message, waitResult(error.seen));
    }
    throw error;
  }
}
