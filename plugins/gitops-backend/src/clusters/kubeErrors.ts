/**
 * Turns a client or API-server error into a one-line message: the server's
 * own reason and message when it sent a Status, else the transport error.
 * Bodies are reduced to their message so no object data (Secret values)
 * travels with the error.
 */
export function kubeErrorMessage(error: unknown): string {
  const e = error as { code?: number; body?: unknown; message?: string };
  let body = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // not JSON: keep the transport message below
    }
  }
  const status = body as { reason?: string; message?: string } | undefined;
  if (status && typeof status === 'object' && status.message) {
    return `${status.reason ? `${status.reason}: ` : ''}${status.message}`;
  }
  if (e.code) return `HTTP ${e.code} from the API server`;
  return e.message?.split('\n')[0] ?? String(error);
}

/** The HTTP status of a client error, if it has one. */
export const kubeErrorCode = (error: unknown) =>
  (error as { code?: number }).code;
