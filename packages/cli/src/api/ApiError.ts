import { CliError, ExitCode, ExitCodeValue } from '../exitCodes';

/** The exit code of an answer the API refused, by its status. */
export function exitCodeOfStatus(status: number): ExitCodeValue {
  if (status === 400 || status === 413) return ExitCode.Usage;
  if (status === 401 || status === 403) return ExitCode.Refused;
  if (status === 404) return ExitCode.NotFound;
  if (status === 409) return ExitCode.Conflict;
  return ExitCode.Error;
}

/**
 * An answer other than 2xx, with the message of Backstage's error body
 * (`{ error: { name, message } }`) or, when the body is none, the start of
 * whatever came back.
 */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly apiMessage: string,
    readonly errorName?: string,
  ) {
    super(exitCodeOfStatus(status), `${apiMessage} (HTTP ${status})`);
    this.name = 'ApiError';
  }

  static async fromResponse(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => '');
    try {
      const body = JSON.parse(text) as {
        error?: { name?: unknown; message?: unknown };
      };
      if (typeof body.error?.message === 'string') {
        return new ApiError(
          response.status,
          body.error.message,
          typeof body.error.name === 'string' ? body.error.name : undefined,
        );
      }
    } catch {
      // not Backstage's error body: fall through
    }
    const snippet = text.trim().replace(/\s+/g, ' ').slice(0, 200);
    return new ApiError(
      response.status,
      snippet || response.statusText || 'no message',
    );
  }
}
