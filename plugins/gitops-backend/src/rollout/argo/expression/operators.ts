import { fail } from './errors';
import { compareStrings } from './format';
import { pow } from './goMath';
import { wrapInt64 } from './strconv';
import {
  type ArrayValue,
  type Budget,
  type MapValue,
  type Value,
  checkValueDepth,
  elementAt,
  isArray,
  isMap,
  isNumber,
  kindOf,
  mapGet,
  mapKeys,
  typeName,
} from './values';

// The operators of expr v1.15.5 on values, following its runtime (vm/runtime): ints and floats mix freely in
// comparisons and arithmetic, `/` and `**` always give a float, `%` takes ints only, and a type mismatch is an error.

export function mismatch(operator: string, a: Value, b: Value): never {
  return fail(
    `invalid operation: ${operator} (mismatched types ${typeName(
      a,
    )} and ${typeName(b)})`,
  );
}

const toFloat = (value: bigint | number): number =>
  typeof value === 'bigint' ? Number(value) : value;

/** `==`: numbers by value whatever their types, nil equals nil, anything else as Go's reflect.DeepEqual. */
export function equal(a: Value, b: Value, budget: Budget): boolean {
  if (isNumber(a) && isNumber(b)) {
    return typeof a === typeof b ? a === b : toFloat(a) === toFloat(b);
  }
  return deepEqual(a, b, budget, 0);
}

/** reflect.DeepEqual: inside arrays and maps an int never equals a float, and NaN never equals itself. */
function deepEqual(a: Value, b: Value, budget: Budget, depth: number): boolean {
  checkValueDepth(depth);
  budget.step();
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  if (kind === 'array') {
    const x = a as ArrayValue;
    const y = b as ArrayValue;
    if (x === y) return true;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (!deepEqual(elementAt(x, i), elementAt(y, i), budget, depth + 1))
        return false;
    }
    return true;
  }
  if (kind === 'map') {
    const x = a as MapValue;
    const y = b as MapValue;
    if (x === y) return true;
    const keys = mapKeys(x);
    if (keys.length !== mapKeys(y).length) return false;
    return keys.every(key => {
      const other = mapGet(y, key);
      return (
        other !== undefined &&
        deepEqual(mapGet(x, key)!, other, budget, depth + 1)
      );
    });
  }
  if (typeof a === 'string' && typeof b === 'string')
    budget.scan(Math.min(a.length, b.length));
  return a === b;
}

type Comparison = '<' | '>' | '<=' | '>=';

function sign<T extends bigint | number>(a: T, b: T): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Ordering of two numbers or two strings. */
export function compare(operator: Comparison, a: Value, b: Value): boolean {
  let order: number;
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    order = sign(a, b);
  } else if (isNumber(a) && isNumber(b)) {
    const x = toFloat(a);
    const y = toFloat(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return false; // every comparison with NaN is false
    order = sign(x, y);
  } else if (typeof a === 'string' && typeof b === 'string') {
    order = compareStrings(a, b);
  } else {
    return mismatch(operator, a, b);
  }
  switch (operator) {
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    default:
      return order >= 0;
  }
}

export function add(a: Value, b: Value, budget: Budget): Value {
  if (typeof a === 'string' && typeof b === 'string') {
    budget.allocate(a.length + b.length);
    return a + b;
  }
  return arithmetic('+', a, b);
}

/** `+ - *` on two numbers: ints wrap around at 64 bits like Go's, a float on either side makes a float. */
export function arithmetic(
  operator: '+' | '-' | '*',
  a: Value,
  b: Value,
): Value {
  if (!isNumber(a) || !isNumber(b)) return mismatch(operator, a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (operator === '+') return wrapInt64(a + b);
    return wrapInt64(operator === '-' ? a - b : a * b);
  }
  const x = toFloat(a);
  const y = toFloat(b);
  if (operator === '+') return x + y;
  return operator === '-' ? x - y : x * y;
}

/** `/` is always float division: 1 / 0 is +Inf, not an error. */
export function divide(a: Value, b: Value): number {
  if (!isNumber(a) || !isNumber(b)) return mismatch('/', a, b);
  return toFloat(a) / toFloat(b);
}

export function modulo(a: Value, b: Value): bigint {
  if (typeof a !== 'bigint' || typeof b !== 'bigint')
    return mismatch('%', a, b);
  if (b === 0n) fail('integer divide by zero');
  return a % b; // truncated, with the dividend's sign, like Go's
}

/** `**` and `^`: always a float, computed as Go's math.Pow does. */
export function power(a: Value, b: Value): number {
  if (!isNumber(a) || !isNumber(b)) return mismatch('**', a, b);
  return pow(toFloat(a), toFloat(b));
}

export function negate(a: Value): Value {
  if (typeof a === 'bigint') return wrapInt64(-a);
  if (typeof a === 'number') return -a;
  return fail(`invalid operation: - (mismatched type ${typeName(a)})`);
}

/** `in`: an element of an array (by ==), a key of a map; nothing is in nil. */
export function contains(
  collection: Value,
  needle: Value,
  budget: Budget,
): boolean {
  if (collection === null) return false;
  if (isArray(collection)) {
    for (let i = 0; i < collection.length; i++) {
      if (equal(elementAt(collection, i), needle, budget)) return true;
    }
    return false;
  }
  if (isMap(collection)) {
    // A nil key looks up the zero value of the key type, "".
    if (needle !== null && typeof needle !== 'string') {
      fail(`cannot use ${typeName(needle)} as type string in map key`);
    }
    return mapGet(collection, needle ?? '') !== undefined;
  }
  return fail(`operator "in" not defined on ${typeName(collection)}`);
}

export function expectString(
  operator: string,
  a: Value,
  b: Value,
): [string, string] {
  if (typeof a !== 'string' || typeof b !== 'string')
    return mismatch(operator, a, b);
  return [a, b];
}
