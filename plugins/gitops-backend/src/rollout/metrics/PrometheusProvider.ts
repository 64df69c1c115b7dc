import type { MetricProvider } from '@slipway/plugin-gitops-node';
import {
  operatorOutboundPolicy,
  outboundRequest,
  OutboundPolicy,
  OutboundRefusedError,
  OutboundResponse,
} from '../../outbound';

/** Flagger's Prometheus client timeout. */
export const PROMETHEUS_TIMEOUT_MS = 5_000;

interface QueryResponse {
  status?: string;
  error?: string;
  errorType?: string;
  data?: {
    resultType?: 'vector' | 'matrix' | 'scalar' | 'string';
    result?: unknown;
  };
}

const withTrailingSlash = (address: string) =>
  address.endsWith('/') ? address : `${address}/`;

/** A sample's value as Prometheus encodes it: `[<unix time>, "<number>"]`. */
type Sample = [number, string];

/** A query answer is one number; anything bigger than this is not a Prometheus answer to us. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** Prometheus' own error types: safe to show, unlike its error text, which may quote anything. */
const ERROR_TYPES = new Set([
  'timeout',
  'canceled',
  'execution',
  'bad_data',
  'internal',
  'unavailable',
  'not_found',
  'not_acceptable',
]);
const RESULT_TYPES = new Set(['vector', 'matrix', 'scalar', 'string']);

/**
 * Instant queries against Prometheus' HTTP API. Unlike Flagger, which takes
 * the last series of a vector, more than one series is an error: a check
 * that silently reads one of several pods or routes judges the wrong thing.
 * Calls go through the outbound guard with the policy the caller passes
 * (the operator's when none is: the configured server). Errors carry the
 * status line and Prometheus' error type, never the answer's text, since
 * check messages are shown to every reader of the entity.
 */
export class PrometheusProvider implements MetricProvider {
  readonly type = 'prometheus';

  async query(
    query: string,
    options: {
      address: string;
      headers?: Record<string, string>;
      signal?: AbortSignal;
      policy?: OutboundPolicy;
    },
  ): Promise<number | undefined> {
    const url = new URL('api/v1/query', withTrailingSlash(options.address));
    url.searchParams.set('query', query);

    let response: OutboundResponse;
    try {
      response = await outboundRequest(url.href, {
        method: 'GET',
        policy: options.policy ?? operatorOutboundPolicy(),
        timeoutMs: PROMETHEUS_TIMEOUT_MS,
        headers: { Accept: 'application/json', ...options.headers },
        signal: options.signal,
        maxBodyBytes: MAX_ANSWER_BYTES,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const message = (error as Error).message;
      if (error instanceof OutboundRefusedError) {
        throw new OutboundRefusedError(
          `Prometheus at ${options.address} refused: ${message.slice(
            message.indexOf(' refused: ') + 10,
          )}`,
        );
      }
      if (/ timed out after /.test(message)) {
        throw new Error(
          `Prometheus at ${options.address} did not answer within ${PROMETHEUS_TIMEOUT_MS} ms`,
        );
      }
      throw new Error(
        `Prometheus at ${options.address} is unreachable: ${message.slice(
          message.indexOf(' failed: ') + 9,
        )}`,
      );
    }

    const body = parseBody(response.body);
    if (response.status >= 400) {
      const type = body?.errorType;
      const known = type && ERROR_TYPES.has(type) ? ` (${type})` : '';
      throw new Error(`Prometheus answered ${response.statusLine}${known}`);
    }
    if (!body?.data) {
      throw new Error(
        `Prometheus answered ${response.statusLine} without a query result`,
      );
    }
    return singleValue(body.data);
  }
}

function singleValue(data: NonNullable<QueryResponse['data']>) {
  const { resultType, result } = data;
  if (resultType === 'scalar') return numberOf((result as Sample)[1]);
  if (resultType === 'vector' || resultType === 'matrix') {
    const series = result as Array<{ value?: Sample }>;
    if (resultType === 'matrix') {
      throw new Error(
        `query returned a range vector (${series.length} series); a check needs one instant value`,
      );
    }
    if (series.length === 0) return undefined;
    if (series.length > 1) {
      throw new Error(
        `query returned ${series.length} series; a check needs exactly one`,
      );
    }
    return numberOf(series[0].value?.[1]);
  }
  const named =
    resultType && RESULT_TYPES.has(resultType)
      ? `a ${resultType}`
      : 'no known result type';
  throw new Error(`query returned ${named}; a check needs a number`);
}

/** NaN (e.g. 0/0 without traffic) and missing values mean "no data". */
function numberOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

function parseBody(text: string): QueryResponse | undefined {
  try {
    return JSON.parse(text) as QueryResponse;
  } catch {
    return undefined;
  }
}
