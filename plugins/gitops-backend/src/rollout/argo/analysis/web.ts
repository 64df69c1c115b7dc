import { goJson } from './goFormat';
import { HTTP_TOKEN, headerProblem, headerRecord } from './headers';
import { firstJsonPathValue, parseJsonPath } from './jsonPath';
import type { HttpAnswer } from './prometheus';
import type { AnalysisMetric, MeasurementOutcome, WebMetric } from './types';

/** Argo's web metric timeout when `timeoutSeconds` is unset, zero or negative. */
export const WEB_DEFAULT_TIMEOUT_SECONDS = 10;

/** The request one web measurement makes, arguments and Secrets substituted. */
export interface WebMetricRequest {
  url: string;
  method: string;
  /** One value per canonical name; `Content-Type: application/json` with a `jsonBody`. */
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Skip TLS verification. */
  insecure: boolean;
}

function webOf(metric: AnalysisMetric): WebMetric | undefined {
  return metric.provider.web;
}

/** Go's `url.Error` operation: `Get`, `Post`. */
const op = (method: string) =>
  method.slice(0, 1) + method.slice(1).toLowerCase();

/**
 * The request for a metric whose arguments are substituted, or why Argo
 * would fail the measurement before sending anything (its words).
 */
export function webRequest(
  metric: AnalysisMetric,
):
  | { request: WebMetricRequest; error?: undefined }
  | { error: string; request?: undefined } {
  const web = webOf(metric);
  if (!web) return { error: `metric ${metric.name} is not a web metric` };
  const jsonPath = parseJsonPath(web.jsonPath || '{$}');
  if (jsonPath.error !== undefined) return { error: jsonPath.error };
  const method = web.method || 'GET';
  const hasBody = web.body !== undefined && web.body !== '';
  if (hasBody && web.jsonBody !== undefined) {
    return {
      error:
        'use either Body or JSONBody; both cannot exists for WebMetric payload',
    };
  }
  if ((hasBody || web.jsonBody !== undefined) && method === 'GET') {
    return {
      error:
        'Body/JSONBody can only be used with POST or PUT WebMetric Method types',
    };
  }
  if (!HTTP_TOKEN.test(method))
    return { error: `net/http: invalid method ${JSON.stringify(method)}` };
  if (!URL.canParse(web.url)) {
    return { error: `parse ${JSON.stringify(web.url)}: invalid URL` };
  }
  const protocol = new URL(web.url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') {
    return {
      error: `${op(method)} ${JSON.stringify(
        web.url,
      )}: unsupported protocol scheme ${JSON.stringify(protocol.slice(0, -1))}`,
    };
  }
  for (const header of web.headers ?? []) {
    const problem = headerProblem(header);
    if (problem) return { error: problem };
  }
  const headers = headerRecord(web.headers);
  let body: string | undefined;
  if (hasBody) body = web.body;
  if (web.jsonBody !== undefined) {
    body = goJson(web.jsonBody);
    headers['Content-Type'] = 'application/json';
  }
  const timeout =
    web.timeoutSeconds !== undefined && web.timeoutSeconds > 0
      ? web.timeoutSeconds
      : WEB_DEFAULT_TIMEOUT_SECONDS;
  return {
    request: {
      url: web.url,
      method,
      headers,
      body,
      timeoutMs: timeout * 1000,
      insecure: web.insecure ?? false,
    },
  };
}

/**
 * One web measurement from the answer, as Argo's web provider takes it:
 * anything but 2xx is an error; a body that is not JSON is Successful as it
 * is, without the conditions; otherwise `jsonPath` (default `{$}`) picks the
 * value the conditions see as `result`, printed as Go's JSON encoder would.
 */
export function webOutcome(
  metric: AnalysisMetric,
  answer: HttpAnswer,
): MeasurementOutcome {
  if (answer.status < 200 || answer.status >= 300) {
    return { error: `received non 2xx response code: ${answer.status}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(answer.body);
  } catch {
    return { value: answer.body, phase: 'Successful' };
  }
  const jsonPath = parseJsonPath(webOf(metric)?.jsonPath || '{$}');
  if (jsonPath.error !== undefined) return { error: jsonPath.error };
  const found = firstJsonPathValue(jsonPath.template, data);
  if (found.error !== undefined) return { error: found.error };
  return { value: goJson(found.value), result: found.value };
}
