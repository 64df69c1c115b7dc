// Go's strconv.ParseInt and ParseFloat, which Argo's asInt/asFloat and expr's int()/float() and number literals use:
// their syntax decides which strings a condition accepts, and their errors are the ones Argo reports.

export type ParseError = 'invalid syntax' | 'value out of range';

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** strconv.ParseInt(text, 10, 64): an optional sign and decimal digits, nothing else. */
export function parseGoInt(text: string): bigint | ParseError {
  if (!/^[+-]?[0-9]+$/.test(text)) return 'invalid syntax';
  return toInt64(BigInt(text));
}

/** A hexadecimal literal of the language, 0x1F (with its underscores already removed). */
export function parseGoHex(text: string): bigint | ParseError {
  if (!/^0x[0-9a-fA-F]+$/.test(text)) return 'invalid syntax';
  return toInt64(BigInt(text));
}

function toInt64(value: bigint): bigint | ParseError {
  return value < MIN_INT64 || value > MAX_INT64 ? 'value out of range' : value;
}

const DECIMAL = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const HEXADECIMAL =
  /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/;

/**
 * strconv.ParseFloat(text, 64): decimal or hexadecimal (0x1p-2) floats, underscores between digits, "inf",
 * "infinity" and "nan" in any case; a finite number too large for a float64 is out of range.
 */
export function parseGoFloat(text: string): number | ParseError {
  const special = /^([+-]?)(inf|infinity)$/i.exec(text);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!underscoresSeparateDigits(text)) return 'invalid syntax';
  const plain = text.replace(/_/g, '');
  let value: number;
  const hex = HEXADECIMAL.exec(plain);
  if (hex) {
    const [, sign, whole, fraction, exponent] = hex;
    if (whole === '' && fraction === '') return 'invalid syntax';
    const mantissa = Number(BigInt(`0x${whole}${fraction}`));
    value = mantissa * 2 ** (Number(exponent) - 4 * fraction.length);
    if (sign === '-') value = -value;
  } else if (DECIMAL.test(plain)) {
    value = Number(plain);
  } else {
    return 'invalid syntax';
  }
  return Number.isFinite(value) ? value : 'value out of range';
}

/** Go allows `_` only between two digits, or between a base prefix and a digit. */
function underscoresSeparateDigits(text: string): boolean {
  const hex = /^[+-]?0[xX]/.test(text);
  const digit = hex ? /[0-9a-fA-F]/ : /[0-9]/;
  for (let i = text.indexOf('_'); i >= 0; i = text.indexOf('_', i + 1)) {
    const before = text[i - 1] ?? '';
    const after = text[i + 1] ?? '';
    const afterPrefix = hex && /^[+-]?0[xX]$/.test(text.slice(0, i));
    if (!(digit.test(before) || afterPrefix) || !digit.test(after))
      return false;
  }
  return true;
}

/** Go's conversion of a float64 to an int64, including what amd64 yields for NaN and out-of-range values. */
export function truncateToInt64(value: number): bigint {
  if (!Number.isFinite(value) || value >= 2 ** 63 || value < -(2 ** 63))
    return MIN_INT64;
  return BigInt(Math.trunc(value));
}

/** Go's int64 arithmetic wraps around. */
export function wrapInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}
