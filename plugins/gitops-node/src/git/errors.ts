/**
 * Why a git source operation failed; the engine shows the message and may
 * branch on the reason (e.g. retry `unreachable`, never retry `refused`).
 *
 * @public
 */
export type GitSourceErrorReason =
  | 'unreachable'
  | 'auth'
  | 'revision-not-found'
  | 'path-not-found'
  | 'refused'
  | 'too-large';

/**
 * A failure of the git source. Its message always names the repository
 * (credentials masked), the revision when known, and the reason.
 *
 * @public
 */
export class GitSourceError extends Error {
  readonly reason: GitSourceErrorReason;
  /** The HTTP status the git server answered with, when it answered with an error. */
  readonly httpStatus?: number;

  constructor(
    reason: GitSourceErrorReason,
    message: string,
    options: { httpStatus?: number } = {},
  ) {
    super(maskCredentials(message));
    this.name = 'GitSourceError';
    this.reason = reason;
    this.httpStatus = options.httpStatus;
  }
}

/**
 * Replaces the userinfo of a URL (`https://user:token@host`) with `***`.
 *
 * @public
 */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '***';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return maskCredentials(url);
  }
}

/**
 * Masks userinfo in any URL embedded in free text, e.g. a library's error message.
 *
 * @public
 */
export function maskCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}

/**
 * Where an operation happened, for messages.
 *
 * @public
 */
export interface GitErrorContext {
  url: string;
  revision?: string;
}

function describe(context: GitErrorContext): string {
  const revision = context.revision ? ` at revision '${context.revision}'` : '';
  return `${maskUrl(context.url)}${revision}`;
}

/**
 * Turns an isomorphic-git or network error into a GitSourceError with a
 * message a person can act on. Errors that already are GitSourceErrors pass
 * through untouched.
 *
 * @public
 */
export function toGitSourceError(
  error: unknown,
  context: GitErrorContext,
): GitSourceError {
  if (error instanceof GitSourceError) return error;
  const err = error as {
    code?: string;
    name?: string;
    message?: string;
    data?: { statusCode?: number; statusMessage?: string };
    cause?: { code?: string };
  };
  const where = describe(context);
  const status = err?.data?.statusCode;
  const answered = { httpStatus: status };
  if (err?.code === 'HttpError' && (status === 401 || status === 403)) {
    return new GitSourceError(
      'auth',
      `Authentication failed for git repository ${where} (HTTP ${status}): check the credentials configured for this host in integrations or slipway.gitCredentials`,
      answered,
    );
  }
  if (err?.code === 'UserCanceledError') {
    return new GitSourceError(
      'auth',
      `Git repository ${where} requires authentication and no credentials are configured for its host`,
    );
  }
  if (err?.code === 'HttpError' && status === 404) {
    return new GitSourceError(
      'unreachable',
      `Git repository ${where} was not found (HTTP 404)`,
      answered,
    );
  }
  if (err?.code === 'HttpError') {
    return new GitSourceError(
      'unreachable',
      `Git repository ${where} answered HTTP ${status} ${
        err.data?.statusMessage ?? ''
      }`.trim(),
      answered,
    );
  }
  if (err?.code === 'UnsafeFilepathError') {
    return new GitSourceError(
      'refused',
      `Git repository ${where} contains an unsafe path entry (${err.message}); refusing to read it`,
    );
  }
  const networkCode = err?.code ?? err?.cause?.code;
  if (
    networkCode &&
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)$/.test(
      networkCode,
    )
  ) {
    return new GitSourceError(
      'unreachable',
      `Git repository ${where} is unreachable (${networkCode})`,
    );
  }
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError') {
    return new GitSourceError(
      'unreachable',
      `Git repository ${where} did not answer in time`,
    );
  }
  return new GitSourceError(
    'unreachable',
    `Git operation on ${where} failed: ${err?.message ?? String(error)}`,
  );
}
