import type { AlertDestination } from '@internal/plugin-gitops-node';
import { postJson } from '../webhooks/postJson';

/** Flagger's notifier timeout (reference §10). */
export const ALERT_TIMEOUT_MS = 5_000;

/**
 * POSTs an alert document to a destination: bearer token and proxy when
 * set, 5 s timeout. Resolves with the answer's body; rejects on a non-2xx
 * status with the status and what the service said.
 */
export async function sendAlertJson(
  type: string,
  url: string,
  document: unknown,
  destination: AlertDestination,
): Promise<string> {
  const response = await postJson(url, document, {
    timeoutMs: ALERT_TIMEOUT_MS,
    headers: destination.token
      ? { Authorization: `Bearer ${destination.token}` }
      : undefined,
    signal: destination.signal,
    proxy: destination.proxy,
  });
  if (response.status < 200 || response.status > 299) {
    const said = response.body.trim().slice(0, 1024);
    throw new Error(
      `${type} answered ${response.status}${said ? `: ${said}` : ''}`,
    );
  }
  return response.body;
}
