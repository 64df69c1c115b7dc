import { OutboundPolicy, OutboundRefusedError } from '../../outbound';
import type { WebhookSpec } from '../spec/types';
import { postJson, PostJsonResponse } from './postJson';

/** What a hook receives besides its own metadata. */
export interface WebhookPayload {
  /** The rollout's name and namespace. */
  name: string;
  namespace: string;
  phase: string;
  checksum: string;
  /** Merged over the hook's metadata; event hooks carry the event here. */
  metadata?: Record<string, string>;
}

export interface WebhookResult {
  passed: boolean;
  /** The last answer's status; absent when no answer came. */
  status?: number;
  /**
   * The answer's status line (`HTTP 403 Forbidden`) or the transport error or
   * refusal; never the body, which may hold whatever the called service
   * knows, and checks are shown to every reader of the entity.
   */
  message?: string;
  durationMs: number;
}

const RETRY_DELAY_MS = 250;

/**
 * Calls one webhook as Flagger does: POST `{name, namespace, phase,
 * checksum, metadata}`, passing iff the status is 200-202. `timeoutMs`
 * bounds the whole call, retries included; `retries` extra attempts follow
 * transport errors and 5xx answers; a call the policy refuses is never
 * made nor retried. Never throws, except when `signal` aborts, so a
 * cancelled tick counts nothing.
 */
export async function callWebhook(
  hook: WebhookSpec,
  payload: WebhookPayload,
  policy: OutboundPolicy,
  signal?: AbortSignal,
): Promise<WebhookResult> {
  const started = Date.now();
  const deadline = started + hook.timeoutMs;
  const metadata = { ...hook.metadata, ...payload.metadata };
  // Flagger omits empty metadata; its load tester answers 400 to that.
  const body = {
    name: payload.name,
    namespace: payload.namespace,
    phase: payload.phase,
    checksum: payload.checksum,
    ...(Object.keys(metadata).length > 0 && { metadata }),
  };

  let outcome: PostJsonResponse | Error = new Error('not called');
  for (let attempt = 0; attempt <= hook.retries; attempt++) {
    if (attempt > 0) await sleep(RETRY_DELAY_MS * attempt, signal);
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      outcome = await postJson(hook.url, body, {
        timeoutMs: remaining,
        policy,
        signal,
        insecure: hook.disableTLS,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      outcome = error as Error;
      if (error instanceof OutboundRefusedError) break;
      continue;
    }
    if (outcome.status < 500) break;
  }

  const durationMs = Date.now() - started;
  if (outcome instanceof Error) {
    // The deadline bounds the whole call: name the hook's timeout, not what was left of it.
    const message = /timed out after/.test(outcome.message)
      ? `POST ${hook.url} timed out after ${hook.timeoutMs} ms`
      : outcome.message;
    return { passed: false, message, durationMs };
  }
  const passed = outcome.status >= 200 && outcome.status <= 202;
  return {
    passed,
    status: outcome.status,
    message: outcome.statusLine,
    durationMs,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
