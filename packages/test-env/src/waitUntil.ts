import { inspect } from 'node:util';

export interface WaitUntilOptions {
  /** What is awaited, as the failure names it: "the app to be Synced". */
  description: string;
  /** Gives up after this long; default 10 s. */
  timeoutMs?: number;
  /** Pause between checks; default 100 ms. */
  intervalMs?: number;
}

/** A value that means "not yet" when the check has no `until` predicate. */
type Pending = undefined | null | false;

/**
 * Polls `check` until it settles, or fails after `timeoutMs` with the
 * description and the last value or error seen. Without `until`, the check
 * settles on its first result that is not undefined, null or false; with
 * `until`, on its first result the predicate accepts. A check that throws
 * is retried: a resource that does not exist yet is an ordinary "not yet".
 * A check still running at the deadline is not awaited any further.
 */
export function waitUntil<T>(
  check: () => T | Promise<T>,
  options: WaitUntilOptions & { until: (value: T) => boolean },
): Promise<T>;
export function waitUntil<T>(
  check: () => T | Promise<T>,
  options: WaitUntilOptions,
): Promise<Exclude<T, Pending>>;
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  options: WaitUntilOptions & { until?: (value: T) => boolean },
): Promise<T> {
  const { description, timeoutMs = 10_000, intervalMs = 100 } = options;
  const settled =
    options.until ??
    ((value: T) => value !== undefined && value !== null && value !== false);
  const started = Date.now();
  const deadline = started + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (let attempts = 1; ; attempts++) {
    const outcome = await beforeDeadline(check, deadline);
    if (outcome) {
      last = outcome;
      if ('value' in outcome && settled(outcome.value)) return outcome.value;
    }
    const remaining = deadline - Date.now();
    if (!outcome || remaining <= 0) {
      throw new Error(
        `Timed out after ${
          Date.now() - started
        } ms (${attempts} checks) waiting for ${description}; ${lastSeen(
          last,
          !outcome,
        )}`,
      );
    }
    await new Promise(resolve =>
      setTimeout(resolve, Math.min(intervalMs, remaining)),
    );
  }
}

/** The check's outcome, or undefined when the deadline came first. */
async function beforeDeadline<T>(
  check: () => T | Promise<T>,
  deadline: number,
): Promise<{ value: T } | { error: unknown } | undefined> {
  const attempt = (async () => {
    try {
      return { value: await check() };
    } catch (error) {
      return { error };
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>(resolve => {
    timer = setTimeout(
      () => resolve(undefined),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([attempt, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A whole HTTP response or object tree would bury the message. */
const shortened = (text: string) =>
  text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} chars)` : text;

function lastSeen(
  last: { value: unknown } | { error: unknown } | undefined,
  cutShort: boolean,
): string {
  const hung = cutShort ? 'the last check was still running; ' : '';
  if (!last) return `${hung}no check finished`;
  if ('error' in last) {
    const error = last.error;
    return `${hung}last error: ${
      error instanceof Error ? error.message : inspect(error)
    }`;
  }
  return `${hung}last value: ${shortened(
    inspect(last.value, { depth: 4, breakLength: Infinity }),
  )}`;
}
