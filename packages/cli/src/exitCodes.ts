/**
 * The exit codes a pipeline can branch on. Documented in the README
 * ("CLI for pipelines") and in `slipway --help`; keep the three in step.
 */
export const ExitCode = {
  /** Done: the command did what it was asked, the wait ended Synced and Healthy. */
  Ok: 0,
  /** Anything else: the server failed (5xx), could not be reached, or answered nonsense. */
  Error: 1,
  /** A wrong command line, or a request the API refused as malformed (400). */
  Usage: 2,
  /** No or a bad token (401), or a permission the caller lacks (403). */
  Refused: 3,
  /** The entity, app, run, operation or rollout does not exist (404). */
  NotFound: 4,
  /** A wait reached --timeout first. */
  Timeout: 5,
  /** The operation failed, the app is Degraded or Invalid, or the rollout Failed. */
  Failed: 6,
  /** The action does not apply now (409): promote with no run in analysis, rollback to a failed run. */
  Conflict: 7,
} as const;

/** One of the values of ExitCode. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error that ends the command with a given exit code and message; a
 * result, when given, is still printed (a wait that failed shows the state
 * it ended in).
 */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    readonly result?: CommandResult,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** What a command prints: `json` for `--output json`, `text` otherwise. */
export interface CommandResult {
  json: unknown;
  text: string;
}
