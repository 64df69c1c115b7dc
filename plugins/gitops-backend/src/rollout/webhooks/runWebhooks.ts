import type { OutboundPolicy } from '../../outbound';
import type { RolloutSpec, WebhookType } from '../spec/types';
import { callWebhook, WebhookPayload, WebhookResult } from './callWebhook';

export interface NamedWebhookResult extends WebhookResult {
  name: string;
  url: string;
}

export interface WebhooksResult {
  /** Every hook that ran passed (also when there is none). */
  passed: boolean;
  /** Name of the first hook that failed. */
  failed?: string;
  /** Its message. */
  message?: string;
  results: NamedWebhookResult[];
}

/**
 * Calls a rollout's hooks of one type in spec order and stops at the first
 * failure. `event` hooks are notifications, not gates: each
 * gets the event even when an earlier one failed.
 */
export async function runWebhooks(
  spec: RolloutSpec,
  type: WebhookType,
  payload: WebhookPayload,
  policy: OutboundPolicy,
  signal?: AbortSignal,
): Promise<WebhooksResult> {
  const results: NamedWebhookResult[] = [];
  let firstFailure: NamedWebhookResult | undefined;
  for (const hook of spec.analysis.webhooks.filter(h => h.type === type)) {
    const result = {
      name: hook.name,
      url: hook.url,
      ...(await callWebhook(hook, payload, policy, signal)),
    };
    results.push(result);
    if (!result.passed && !firstFailure) {
      firstFailure = result;
      if (type !== 'event') break;
    }
  }
  return {
    passed: !firstFailure,
    failed: firstFailure?.name,
    message: firstFailure?.message,
    results,
  };
}
