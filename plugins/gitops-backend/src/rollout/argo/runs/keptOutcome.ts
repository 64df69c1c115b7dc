import { goJson } from '../analysis';
import type { MeasurementOutcome } from '../analysis';
import type { MeasurementAnswer } from './sendMeasurement';

/** The longest value a measurement keeps; a longer one is cut, saying how long it was. */
export const MAX_VALUE_CHARS = 1024;

const MASK = '*****';

/** Prometheus' own error types: safe to show, unlike its error text. */
const PROMETHEUS_ERROR_TYPES = new Set([
  'timeout',
  'canceled',
  'execution',
  'bad_data',
  'internal',
  'unavailable',
  'not_found',
  'not_acceptable',
]);

/**
 * Each Secret value as a text may carry it: as is, encoded the ways a URL
 * encodes it (a query parameter, a path), and inside a JSON string as a web
 * metric's value prints it (Go escapes `&`, `<` and `>` too), longest first.
 */
function spellings(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    goJson(secret).slice(1, -1),
  ]);
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every Secret value, in every spelling, with `*****`. */
export function maskAll(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of spellings(secret))
      masked = masked.split(form).join(MASK);
  }
  return masked;
}

function capped(value: string): string {
  if (value.length <= MAX_VALUE_CHARS) return value;
  return `${value.slice(0, MAX_VALUE_CHARS)}… (${value.length} characters)`;
}

function prometheusError(answer: MeasurementAnswer): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return undefined;
  }
  const { status, errorType } = (body ?? {}) as {
    status?: unknown;
    errorType?: unknown;
  };
  if (status !== 'error') return undefined;
  const known =
    typeof errorType === 'string' && PROMETHEUS_ERROR_TYPES.has(errorType)
      ? ` (${errorType})`
      : '';
  return `Prometheus answered ${answer.statusLine}${known}`;
}

/**
 * What a run keeps of a measurement's outcome, as the rollout engine keeps
 * what servers answer (docs/rollout-tenancy.md): a Prometheus error keeps
 * its status line and Prometheus' own error type, never its text; its
 * warnings are dropped; a web answer that is not JSON (Successful, as in
 * Argo) keeps its size, not its text. Values are what the metric asked for
 * (Prometheus' numbers, a web metric's `jsonPath`), cut at MAX_VALUE_CHARS.
 * Secret values are masked in every spelling before anything is cut, so no
 * part of one survives.
 */
export function keptOutcome(
  outcome: MeasurementOutcome,
  provider: 'prometheus' | 'web',
  answer: MeasurementAnswer | undefined,
  secrets: readonly string[],
): MeasurementOutcome {
  const startedAt =
    outcome.startedAt === undefined ? {} : { startedAt: outcome.startedAt };
  if (outcome.error !== undefined) {
    const sanitized =
      provider === 'prometheus' && answer ? prometheusError(answer) : undefined;
    return {
      error: maskAll(sanitized ?? outcome.error, secrets),
      ...startedAt,
    };
  }
  if (outcome.phase !== undefined) {
    return {
      phase: outcome.phase,
      value: `an answer that is not JSON (${answer?.statusLine ?? 'HTTP'}, ${
        answer ? Buffer.byteLength(answer.body) : 0
      } bytes)`,
      ...startedAt,
    };
  }
  return {
    value: capped(maskAll(outcome.value, secrets)),
    result: outcome.result,
    ...startedAt,
  };
}
