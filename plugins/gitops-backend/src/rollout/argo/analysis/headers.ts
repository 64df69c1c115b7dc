import type { MetricHeader } from './types';

/** An RFC 9110 token: what an HTTP header name (and method) may consist of. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What Go's HTTP client sends as a header value: no line breaks or other control characters but tab. */
function validHeaderValue(value: string): boolean {
  for (const c of value) {
    const code = c.charCodeAt(0);
    if ((code < 0x20 && c !== '\t') || code === 0x7f) return false;
  }
  return true;
}

/** Go's `textproto.CanonicalMIMEHeaderKey`: `x-scope-orgid` → `X-Scope-Orgid`. */
export function canonicalHeaderKey(key: string): string {
  if (!HTTP_TOKEN.test(key)) return key;
  return key
    .toLowerCase()
    .replace(
      /(^|-)([a-z])/g,
      (_, dash: string, c: string) => dash + c.toUpperCase(),
    );
}

/** Why a header cannot be sent, in Go's words; undefined when it can. */
export function headerProblem(header: MetricHeader): string | undefined {
  if (!HTTP_TOKEN.test(header.key))
    return `net/http: invalid header field name ${JSON.stringify(header.key)}`;
  if (!validHeaderValue(header.value))
    return `net/http: invalid header field value for ${JSON.stringify(
      header.key,
    )}`;
  return undefined;
}

/**
 * The headers as `http.Header.Set` leaves them, one value per canonical
 * name, the last given winning.
 */
export function headerRecord(
  headers: MetricHeader[] | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, value } of headers ?? []) {
    record[canonicalHeaderKey(key)] = value;
  }
  return record;
}
