import type { MetricProvider } from '@internal/plugin-gitops-node';

/** Flagger's Prometheus client timeout (reference §8). */
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

/**
 * Instant queries against Prometheus' HTTP API. Unlike Flagger, which takes
 * the last series of a vector, more than one series is an error: a check
 * that silently reads one of several pods or routes judges the wrong thing.
 */
export class PrometheusProvider implements MetricProvider {
  readonly type = 'prometheus';

  async query(
    query: string,
    options: {
      address: string;
      headers?: Record<string, string>;
      signal?: AbortSignal;
    },
  ): Promise<number | undefined> {
    const url = new URL('api/v1/query', withTrailingSlash(options.address));
    url.searchParams.set('query', query);
    const timeout = AbortSignal.timeout(PROMETHEUS_TIMEOUT_MS);
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout])
      : timeout;

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', ...options.headers },
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (timeout.aborted) {
        throw new Error(
          `Prometheus at ${options.address} did not answer within ${PROMETHEUS_TIMEOUT_MS} ms`,
        );
      }
      throw new Error(
        `Prometheus at ${options.address} is unreachable: ${describe(error)}`,
      );
    }

    const body = parseBody(text);
    if (response.status >= 400) {
      const detail = body?.error ?? text.trim().slice(0, 512);
      throw new Error(
        `Prometheus answered ${response.status}: ${
          detail || response.statusText
        }`,
      );
    }
    if (!body?.data) {
      throw new Error(
        `Prometheus answered ${response.status} without a query result`,
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
  throw new Error(`query returned a ${resultType}; a check needs a number`);
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

/** fetch hides the cause (ECONNREFUSED, ENOTFOUND) behind "fetch failed". */
function describe(error: unknown): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
