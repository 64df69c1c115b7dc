import { parseGoDuration } from '../../spec/duration';
import { goFloatF } from './goFormat';
import { headerProblem, headerRecord } from './headers';
import { evaluateTimeExpression } from './timeExpression';
import type { AnalysisMetric, MeasurementOutcome } from './types';

/** Argo's Prometheus query timeout when `timeout` is unset. */
export const PROMETHEUS_DEFAULT_TIMEOUT_SECONDS = 30;

/** The request one Prometheus measurement makes, arguments and Secrets substituted. */
export interface PrometheusMetricRequest {
  /** GET this: `<address>/api/v1/query` or `/api/v1/query_range`, parameters set. */
  url: string;
  address: string;
  query: string;
  /** Epoch milliseconds and seconds, for a range query. */
  range?: { start: number; end: number; stepSeconds: number };
  /** One value per canonical name. */
  headers: Record<string, string>;
  timeoutMs: number;
  /** Skip TLS verification. */
  insecure: boolean;
}

/** The Prometheus HTTP API's answer, as fetched. */
export interface HttpAnswer {
  status: number;
  body: string;
}

const withTrailingSlash = (address: string) =>
  address.endsWith('/') ? address : `${address}/`;

/** client_golang's `formatTime`: Unix seconds with the fraction Go prints. */
const unixSeconds = (ms: number) => goFloatF(ms / 1000);

/** Argo's `IsUrl`, narrowed to what Slipway calls: http or https with a host. */
function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== ''
  );
}

/**
 * The request for a metric whose arguments are substituted. `now` is the
 * query's evaluation time (and what `now()` means in a range query);
 * `defaultAddress` stands in for Argo's `ARGO_ROLLOUTS_PROMETHEUS_ADDRESS`.
 * Errors read as Argo's.
 */
export function prometheusRequest(
  metric: AnalysisMetric,
  options: { now: number; defaultAddress?: string },
):
  | { request: PrometheusMetricRequest; error?: undefined }
  | { error: string; request?: undefined } {
  const prometheus = metric.provider.prometheus;
  if (!prometheus)
    return { error: `metric ${metric.name} is not a Prometheus metric` };
  const address = prometheus.address || options.defaultAddress || '';
  if (address === '') return { error: 'prometheus address is not configured' };
  if (!isHttpUrl(address))
    return { error: 'prometheus address is not is url format' };
  for (const header of prometheus.headers ?? []) {
    const problem = headerProblem(header);
    if (problem) return { error: problem };
  }
  const timeout = prometheus.timeout ?? PROMETHEUS_DEFAULT_TIMEOUT_SECONDS;
  if (timeout < 0)
    return { error: 'prometheus timeout should not be negative' };

  let range: PrometheusMetricRequest['range'];
  const url = new URL(
    prometheus.rangeQuery ? 'api/v1/query_range' : 'api/v1/query',
    withTrailingSlash(address),
  );
  url.searchParams.set('query', prometheus.query);
  if (prometheus.rangeQuery) {
    const { start, end, step } = prometheus.rangeQuery;
    const from = evaluateTimeExpression(start ?? '', options.now);
    if (from.error !== undefined)
      return {
        error: `failed to parse rangeQuery.start as time: ${from.error}`,
      };
    const to = evaluateTimeExpression(end ?? '', options.now);
    if (to.error !== undefined)
      return { error: `failed to parse rangeQuery.end as time: ${to.error}` };
    const stepMs = parseGoDuration(step ?? '');
    if (stepMs === undefined) {
      return {
        error: `failed to parse rangeQuery.step as duration: time: invalid duration ${JSON.stringify(
          step ?? '',
        )}`,
      };
    }
    range = { start: from.ms, end: to.ms, stepSeconds: stepMs / 1000 };
    url.searchParams.set('start', unixSeconds(range.start));
    url.searchParams.set('end', unixSeconds(range.end));
    url.searchParams.set('step', goFloatF(range.stepSeconds));
  } else {
    url.searchParams.set('time', unixSeconds(options.now));
  }
  return {
    request: {
      url: url.href,
      address,
      query: prometheus.query,
      range,
      headers: headerRecord(prometheus.headers),
      timeoutMs: timeout * 1000,
      insecure: prometheus.insecure ?? false,
    },
  };
}

interface ApiResponse {
  status?: string;
  errorType?: string;
  error?: string;
  warnings?: unknown[];
  data?: { resultType?: string; result?: unknown };
}

type Sample = [number, string];

/** Go's `strconv.ParseFloat` of a sample value: `NaN`, `+Inf`, `-Inf` included. */
function sampleValue(sample: Sample | undefined): number {
  const text = sample?.[1];
  if (typeof text !== 'string') return 0;
  if (/^[+]?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  return Number(text);
}

/** client_golang's error for an answer it cannot use: `<type>: <message>`. */
function apiError(
  answer: HttpAnswer,
  body: ApiResponse | undefined,
): string | undefined {
  const { status } = answer;
  const apiErrorCode = status === 400 || status === 422 || status === 503;
  if (Math.floor(status / 100) !== 2 && !apiErrorCode) {
    if (Math.floor(status / 100) === 4)
      return `client_error: client error: ${status}`;
    if (Math.floor(status / 100) === 5)
      return `server_error: server error: ${status}`;
    return `bad_response: bad response code ${status}`;
  }
  if (status !== 204 && body === undefined)
    return `bad_response: the answer (HTTP ${status}) is not JSON`;
  if (apiErrorCode && body?.status === 'success')
    return 'bad_response: inconsistent body for response code';
  if (body?.status === 'error')
    return `${body.errorType ?? ''}: ${body.error ?? ''}`;
  return undefined;
}

function parse(text: string): ApiResponse | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as ApiResponse)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One Prometheus measurement from the API's answer, as Argo's
 * `processResponse` takes it: a scalar is a number (`result > 0.9`), a
 * vector the list of its samples' values (`result[0]`; no series is `[]`),
 * a range query's matrix every value of every series in one list. NaN and
 * ±Inf are kept for the conditions (`isNaN(result)`), and the value reads as
 * Argo prints it (`0.95`, `[0.95,1]`, `NaN`, `+Inf`). Prometheus' warnings
 * become the measurement's `warnings` metadata.
 */
export function prometheusOutcome(answer: HttpAnswer): MeasurementOutcome {
  const body = parse(answer.body);
  const error = apiError(answer, body);
  if (error !== undefined) return { error };
  const warnings = (body?.warnings ?? []).map(w => `"${String(w)}"`).join(', ');
  const metadata = warnings ? { warnings } : undefined;
  const data = body?.data;
  switch (data?.resultType) {
    case 'scalar': {
      const value = sampleValue(data.result as Sample);
      return { value: goFloatF(value), result: value, metadata };
    }
    case 'vector':
    case 'matrix': {
      const series = Array.isArray(data.result)
        ? (data.result as Array<{ value?: Sample; values?: Sample[] } | null>)
        : [];
      const values = series.flatMap(s => {
        if (!s) return [];
        return data.resultType === 'vector'
          ? [sampleValue(s.value)]
          : (s.values ?? []).map(sampleValue);
      });
      return {
        value: `[${values.map(goFloatF).join(',')}]`,
        result: values,
        metadata,
      };
    }
    default:
      return { error: 'Prometheus metric type not supported' };
  }
}
