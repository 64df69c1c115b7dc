import {
  type Budget,
  type Value,
  checkValueDepth,
  elementAt,
  kindOf,
  mapGet,
  mapKeys,
} from './values';

// Go's fmt %v, which expr's string() and Argo's error messages use: 1e+06 for a million as a float, [1 2 3] for an
// array, map[a:1 b:2] with sorted keys for a map, <nil> for nil.

export function formatValue(value: Value, budget: Budget, depth = 0): string {
  checkValueDepth(depth);
  budget.step();
  switch (kindOf(value)) {
    case 'nil':
      return '<nil>';
    case 'float': {
      const text = formatFloat(value as number);
      budget.step(text.length); // formatting a float costs more than most steps
      return text;
    }
    case 'array': {
      const array = value as readonly unknown[];
      const parts: string[] = [];
      for (let i = 0; i < array.length; i++)
        parts.push(formatValue(elementAt(array, i), budget, depth + 1));
      return `[${parts.join(' ')}]`;
    }
    case 'map': {
      const map = value as Record<string, unknown>;
      const parts = mapKeys(map)
        .sort(compareStrings)
        .map(
          key => `${key}:${formatValue(mapGet(map, key)!, budget, depth + 1)}`,
        );
      return `map[${parts.join(' ')}]`;
    }
    default:
      return String(value);
  }
}

/** strconv.FormatFloat(value, 'g', -1, 64): the shortest digits, in exponent form below 1e-4 and from 1e6. */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const magnitude = Math.abs(value);
  // Between 1e-4 and 1e6 JavaScript writes the same shortest digits out in full, as Go does.
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(value);
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Go compares strings byte by byte, which for UTF-8 is the order of code points (not of UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (U+D800–DFFF) encode code points above every other unit's.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** Text of a value for an error message, cut short: a result may be megabytes long, a message should not be. */
export function brief(text: string, limit = 80): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
