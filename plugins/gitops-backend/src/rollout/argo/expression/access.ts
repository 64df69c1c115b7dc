import { fail } from './errors';
import { brief, formatFloat } from './format';
import {
  type Budget,
  type Value,
  elementAt,
  isArray,
  isMap,
  mapGet,
  typeName,
} from './values';

// Reading into values, as expr's runtime.Fetch and runtime.Slice do: `a.b`, `a["b"]`, `a[0]`, `a[-1]`, `a[1:3]`.
// Strings are Go strings, sequences of UTF-8 bytes: indexing one gives a byte, slicing cuts at byte offsets.

function describeKey(key: Value): string {
  return brief(typeof key === 'number' ? formatFloat(key) : String(key));
}

/** A position given as a number: ints as they are, floats truncated like Go's int(f). */
function toIndex(value: Value, message: () => string): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isFinite(value))
    return Math.trunc(value);
  return fail(message());
}

export function fetch(object: Value, key: Value): Value {
  if (object === null) fail(`cannot fetch ${describeKey(key)} from <nil>`);
  if (isMap(object)) {
    // A nil key looks up the key type's zero value, "", as Go's reflect does.
    if (key !== null && typeof key !== 'string') {
      fail(
        `cannot use ${typeName(key)} to get an element from ${typeName(
          object,
        )}`,
      );
    }
    return mapGet(object, key ?? '') ?? null;
  }
  if (isArray(object) || typeof object === 'string') {
    const length =
      typeof object === 'string' ? utf8(object).length : object.length;
    let index = toIndex(
      key,
      () =>
        `array elements can only be selected using an integer (got ${typeName(
          key,
        )})`,
    );
    if (index < 0) index += length;
    if (index < 0 || index >= length) {
      fail(`index out of range: ${describeKey(key)} (length ${length})`);
    }
    return typeof object === 'string'
      ? BigInt(utf8(object)[index])
      : elementAt(object, index);
  }
  return fail(`cannot fetch ${describeKey(key)} from ${typeName(object)}`);
}

/** `a[from:to]`: bounds count from the end when negative and are clamped to the value, so never out of range. */
export function slice(
  object: Value,
  from: Value | undefined,
  to: Value | undefined,
  budget: Budget,
): Value {
  if (!isArray(object) && typeof object !== 'string')
    fail(`cannot slice ${typeName(object)}`);
  const bytes = typeof object === 'string' ? utf8(object) : undefined;
  const length = bytes ? bytes.length : (object as readonly unknown[]).length;
  const bound = (value: Value | undefined, otherwise: number) => {
    if (value === undefined) return otherwise;
    let index = toIndex(
      value,
      () => `non-integer slice index ${typeName(value)}`,
    );
    if (index < 0) index += length;
    return Math.min(Math.max(index, 0), length);
  };
  const end = bound(to, length);
  const start = Math.min(bound(from, 0), end);
  budget.allocate(end - start);
  if (bytes) return bytes.subarray(start, end).toString('utf8');
  return (object as readonly unknown[]).slice(start, end);
}

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
