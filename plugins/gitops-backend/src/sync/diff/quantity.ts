import { isJsonMap } from '../../kube/values';

/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `1e3`) compared by value,
 * so `1000m` and `1`, or `1024Mi` and `1Gi`, are not reported as drift.
 * Values are exact fractions of big integers: no floating-point rounding.
 */

interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 1,
  Mi: 2,
  Gi: 3,
  Ti: 4,
  Pi: 5,
  Ei: 6,
};
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** Parses a quantity; undefined when `value` is not one. */
export function parseQuantity(value: unknown): Fraction | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [, sign, digits, exponent, suffix = ''] = match;
  const [whole, fraction = ''] = digits.split('.');
  let numerator = BigInt(`${whole || '0'}${fraction}`);
  let denominator = 10n ** BigInt(fraction.length);
  if (sign === '-') {
    numerator = -numerator;
  }
  const power10 = exponent
    ? Number(exponent.slice(1))
    : DECIMAL_SUFFIXES[suffix] ?? 0;
  if (power10 >= 0) {
    numerator *= 10n ** BigInt(power10);
  } else {
    denominator *= 10n ** BigInt(-power10);
  }
  if (suffix in BINARY_SUFFIXES) {
    numerator *= 1024n ** BigInt(BINARY_SUFFIXES[suffix]);
  }
  return { numerator, denominator };
}

export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return (
    x !== undefined &&
    y !== undefined &&
    x.numerator * y.denominator === y.numerator * x.denominator
  );
}

/** Map keys whose entries are quantities (resources, quotas, limit ranges, capacities). */
const QUANTITY_MAPS = new Set([
  'limits',
  'requests',
  'hard',
  'capacity',
  'max',
  'min',
  'default',
  'defaultRequest',
  'maxLimitRequestRatio',
]);

/**
 * Copies the live spelling of a quantity onto `desired` wherever both hold an
 * equal quantity under a quantity map, so only real changes remain. Mutates
 * `desired` (a normalized copy).
 */
export function alignQuantities(
  desired: unknown,
  live: unknown,
  parentKey = '',
): void {
  if (Array.isArray(desired) && Array.isArray(live)) {
    desired.forEach((item, i) => alignQuantities(item, live[i], parentKey));
    return;
  }
  if (!isJsonMap(desired) || !isJsonMap(live)) {
    return;
  }
  for (const [key, value] of Object.entries(desired)) {
    const liveValue = live[key];
    if (
      QUANTITY_MAPS.has(parentKey) &&
      value !== liveValue &&
      quantitiesEqual(value, liveValue)
    ) {
      desired[key] = liveValue;
    } else {
      alignQuantities(value, liveValue, key);
    }
  }
}
