import { outboundRequest } from '../../../outbound';
import type { OutboundPolicy } from '../../../outbound';
import type { MetricRequest } from '../analysis';

/** The most of an answer a measurement reads: a larger one is an error, never parsed cut short. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** Where a measurement's request may go. */
export interface SendOptions {
  projectPolicy: OutboundPolicy;
  operatorPolicy: OutboundPolicy;
  defaultPrometheusAddress?: string;
  signal?: AbortSignal;
}

/** The request, and the URL its messages show (built with Secret values masked, see `shownUrl`). */
export interface RequestToSend {
  request: MetricRequest;
  shownUrl: string;
}

/** An answer: its status, its status line (safe to show) and at most MAX_ANSWER_BYTES of body (never to show). */
export interface MeasurementAnswer {
  status: number;
  statusLine: string;
  body: string;
}

export type SentMeasurement =
  | { answer: MeasurementAnswer; error?: undefined }
  | { error: string; answer?: undefined };

/** A URL as messages show it: scheme, host, port and path; no credentials, query or fragment. */
export function shownUrl(url: string): string {
  if (!URL.canParse(url)) return '(an invalid URL)';
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
}

const serverOf = (address: string) => {
  if (!URL.canParse(address)) return undefined;
  const url = new URL(address);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
};

/**
 * The operator's policy for the operator's Prometheus (a metric with no
 * address, or the very address the operator configured); the project's for
 * every other address and every web metric.
 */
export function policyFor(
  request: MetricRequest,
  options: Pick<
    SendOptions,
    'projectPolicy' | 'operatorPolicy' | 'defaultPrometheusAddress'
  >,
): OutboundPolicy {
  const operator = options.defaultPrometheusAddress;
  if (
    request.provider === 'prometheus' &&
    operator !== undefined &&
    serverOf(operator) !== undefined &&
    serverOf(request.request.address) === serverOf(operator)
  ) {
    return options.operatorPolicy;
  }
  return options.projectPolicy;
}

type GuardedMethod = 'GET' | 'POST';
const GUARDED_METHODS: readonly string[] = ['GET', 'POST'];

/**
 * Sends a measurement's request through the outbound guard
 * (`outboundRequest`: the policy's hosts, never a link-local or metadata
 * address, no redirects, the metric's timeout). Every failure is the
 * measurement's error, never a throw, naming the method and `shownUrl`:
 * refused by the guard with its rule, timed out, failed to connect, or an
 * answer larger than MAX_ANSWER_BYTES. Rejects only when `signal` aborts.
 */
export async function sendMeasurement(
  { request, shownUrl: shown }: RequestToSend,
  options: SendOptions,
): Promise<SentMeasurement> {
  const sent =
    request.provider === 'prometheus'
      ? {
          method: 'GET',
          url: request.request.url,
          headers: request.request.headers,
          body: undefined,
          timeoutMs: request.request.timeoutMs,
          insecure: request.request.insecure,
        }
      : request.request;
  const where = `${sent.method} ${shown}`;
  if (!GUARDED_METHODS.includes(sent.method)) {
    return {
      error: `${where} not sent: Slipway sends web metrics with GET or POST only`,
    };
  }
  const method = sent.method as GuardedMethod;
  try {
    const response = await outboundRequest(sent.url, {
      method,
      policy: policyFor(request, options),
      timeoutMs: sent.timeoutMs,
      headers: sent.headers,
      body: sent.body === undefined ? undefined : Buffer.from(sent.body),
      insecure: sent.insecure,
      signal: options.signal,
      // One byte more than is read: a body that long was cut short.
      maxBodyBytes: MAX_ANSWER_BYTES + 1,
    });
    if (Buffer.byteLength(response.body) > MAX_ANSWER_BYTES) {
      return {
        error: `${where} answered ${response.statusLine} with more than ${MAX_ANSWER_BYTES} bytes, more than a measurement reads`,
      };
    }
    return { answer: response };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    // The guard's message starts with the method and the whole URL; keep what follows.
    const message = (error as Error).message;
    const full = `${method} ${sent.url}`;
    const rest = message.startsWith(full)
      ? message.slice(full.length)
      : ` failed: ${message}`;
    return { error: `${where}${rest}` };
  }
}
