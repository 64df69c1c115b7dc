import type { AlertDestination } from '@slipway/plugin-gitops-node';
import { OutboundPolicy, OutboundRefusedError } from '../../outbound';
import { postJson } from '../webhooks/postJson';

/** Flagger's notifier timeout. */
export const ALERT_TIMEOUT_MS = 5_000;

/**
 * A destination as `dispatchAlert` hands it to the builtin providers: with
 * the outbound policy of the rollout's project, which their calls go through.
 */
export interface GuardedAlertDestination extends AlertDestination {
  policy?: OutboundPolicy;
}

/**
 * POSTs an alert document to a destination: bearer token and proxy when
 * set, 5 s timeout, through the destination's outbound policy (refused
 * without one). Resolves with the answer's body; rejects on a non-2xx status
 * with the status and what the service said (alert failures go to the
 * backend log only, never to a reader of the rollout).
 */
export async function sendAlertJson(
  type: string,
  url: string,
  document: unknown,
  destination: GuardedAlertDestination,
): Promise<string> {
  if (!destination.policy) {
    throw new OutboundRefusedError(
      `${type} alert refused: no outbound policy was given for it`,
    );
  }
  const response = await postJson(url, document, {
    timeoutMs: ALERT_TIMEOUT_MS,
    policy: destination.policy,
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
