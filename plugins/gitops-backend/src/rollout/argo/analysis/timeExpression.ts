import { parseGoDuration } from '../../spec/duration';

const NOW_PLUS_MINUS =
  /^\s*now\(\)\s*(?:([+-])\s*duration\(\s*(["'`])(.*?)\2\s*\)\s*)?$/;

/**
 * A Prometheus `rangeQuery.start` or `end`: Argo evaluates it with expr's
 * date functions. Slipway reads the forms range queries use, `now()` and
 * `now() - duration("5m")` (or `+`), and returns epoch milliseconds.
 */
export function evaluateTimeExpression(
  text: string,
  now: number,
): { ms: number; error?: undefined } | { error: string } {
  const match = NOW_PLUS_MINUS.exec(text);
  if (!match) {
    return {
      error: `unsupported expression ${JSON.stringify(
        text,
      )}: Slipway reads now(), now() - duration("…") and now() + duration("…")`,
    };
  }
  const [, sign, , duration] = match;
  if (sign === undefined) return { ms: now };
  const ms = parseGoDuration(duration);
  if (ms === undefined)
    return { error: `time: invalid duration ${JSON.stringify(duration)}` };
  return { ms: sign === '-' ? now - ms : now + ms };
}
