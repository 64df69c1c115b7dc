/**
 * Go's ways of printing values, so the values Slipway shows read as Argo's:
 * `strconv.FormatFloat(f, 'f', -1, 64)` (Prometheus sample values), `%v` of
 * a float64 (`fieldRef` values) and `encoding/json` (web metric values).
 */

/** Shortest round-trip decimal digits of a finite, non-zero number, and its exponent. */
function shortestDigits(n: number): { digits: string; exp: number } {
  const [mantissa, exponent] = Math.abs(n).toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exp: Number(exponent) };
}

function special(n: number): string | undefined {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  return undefined;
}

/** `strconv.FormatFloat(n, 'f', -1, 64)`: never an exponent; `NaN`, `+Inf`, `-Inf`. */
export function goFloatF(n: number): string {
  const named = special(n);
  if (named !== undefined) return named;
  const { digits, exp } = shortestDigits(n);
  const sign = n < 0 ? '-' : '';
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (exp >= digits.length - 1)
    return sign + digits + '0'.repeat(exp - digits.length + 1);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** `fmt.Sprintf("%v", n)` for a float64: an exponent below 1e-4 and from 1e6 (`1e+06`). */
export function goFloatV(n: number): string {
  const named = special(n);
  if (named !== undefined) return named;
  const { digits, exp } = shortestDigits(n);
  if (exp >= -4 && exp < 6) return goFloatF(n);
  const sign = n < 0 ? '-' : '';
  const mantissa =
    digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * `json.Marshal` of a value decoded from JSON: object keys sorted, `<`, `>`,
 * `&`, U+2028 and U+2029 escaped, `-0` kept.
 */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0';
    return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      HTML_UNSAFE,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : Number(a > b)));
    return `{${entries
      .map(([key, field]) => `${goJson(key)}:${goJson(field)}`)
      .join(',')}}`;
  }
  return 'null';
}
