/**
 * An error from the Kubernetes API or the way to it. The message carries the
 * server's Status reason and message (or the transport error) and never the
 * request: no bodies, headers or credentials.
 */
export class KubeApiError extends Error {
  override name = 'KubeApiError';

  constructor(
    message: string,
    /** HTTP status, absent for transport failures. */
    readonly statusCode?: number,
    /** The Status `reason`, e.g. `NotFound`, `Conflict`, `Invalid`, `Expired`. */
    readonly reason?: string,
  ) {
    super(message);
  }

  /** Builds the error from a non-2xx response body (usually a Status). */
  static fromResponse(statusCode: number, body: string): KubeApiError {
    let status: { reason?: unknown; message?: unknown } | undefined;
    try {
      status = JSON.parse(body);
    } catch {
      // Not a Status (e.g. a proxy's HTML page): keep only the code.
    }
    const reason = typeof status?.reason === 'string' ? status.reason : undefined;
    const detail = typeof status?.message === 'string' ? status.message : undefined;
    const head = reason ? `${reason} (${statusCode})` : `HTTP ${statusCode}`;
    return new KubeApiError(detail ? `${head}: ${detail}` : head, statusCode, reason);
  }

  /** A copy whose message starts with what was being done to which object. */
  withContext(context: string, secretValues: string[] = []): KubeApiError {
    return new KubeApiError(
      `${context}: ${maskValues(this.message, secretValues)}`,
      this.statusCode,
      this.reason,
    );
  }
}

/** Any error as a one-line description, without stack or request details. */
export function toKubeApiError(error: unknown): KubeApiError {
  if (error instanceof KubeApiError) return error;
  const message = (error as Error)?.message?.split('\n')[0] ?? String(error);
  return new KubeApiError(message);
}

/**
 * The values of a Secret in the forms the server might echo back in a
 * validation message (base64 `data` and its decoded text, `stringData`).
 */
export function secretValuesOf(obj: {
  kind?: string;
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}): string[] {
  if (obj.kind !== 'Secret') return [];
  const values: string[] = [];
  for (const v of Object.values(obj.data ?? {})) {
    if (typeof v !== 'string') continue;
    values.push(v, Buffer.from(v, 'base64').toString('utf8'));
  }
  for (const v of Object.values(obj.stringData ?? {})) {
    if (typeof v === 'string') values.push(v);
  }
  // Short values would mask unrelated words; 4+ characters is a compromise.
  return values.filter(v => v.length >= 4);
}

function maskValues(message: string, values: string[]): string {
  return values
    .sort((a, b) => b.length - a.length)
    .reduce((text, value) => text.split(value).join('***'), message);
}
