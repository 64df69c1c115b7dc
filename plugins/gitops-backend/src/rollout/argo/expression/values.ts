import { fail } from './errors';
import { MAX_MEMORY, MAX_STEPS, MAX_VALUE_DEPTH } from './limits';

// The values of the language. Go's int (int64) is a bigint and its float64 a number, which keeps expr's rules apart:
// 7 / 2 is 3.5 but 7 % 2 is 1, and 0.5 % 2 an error. Numbers of the environment are float64, as every metric provider
// of Argo Rollouts hands them over. Arrays and maps may be the environment's own: they are read, never changed, and
// only through their own data properties, so no condition reaches a prototype, a getter or a function.

export type Value =
  | null
  | boolean
  | bigint
  | number
  | string
  | ArrayValue
  | MapValue;
/** Elements are unchecked host values until read through `elementAt` or `fromHost`. */
export type ArrayValue = readonly unknown[];
export type MapValue = { readonly [key: string]: unknown };

export type Kind =
  | 'nil'
  | 'bool'
  | 'int'
  | 'float'
  | 'string'
  | 'array'
  | 'map';

export function kindOf(value: Value): Kind {
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    default:
      if (value === null) return 'nil';
      return Array.isArray(value) ? 'array' : 'map';
  }
}

export const isNumber = (value: Value): value is bigint | number =>
  typeof value === 'bigint' || typeof value === 'number';

export const isArray = (value: Value): value is ArrayValue =>
  Array.isArray(value);

export const isMap = (value: Value): value is MapValue =>
  kindOf(value) === 'map';

/** Admits a value of the environment into the language, or refuses what the language has no type for. */
export function fromHost(value: unknown): Value {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'boolean':
    case 'number':
    case 'string':
      return value;
    case 'bigint':
      if (BigInt.asIntN(64, value) !== value)
        fail('integer in the environment does not fit in 64 bits');
      return value;
    case 'object': {
      if (value === null || Array.isArray(value)) return value;
      const prototype = Object.getPrototypeOf(value);
      if (prototype === Object.prototype || prototype === null)
        return value as MapValue;
      return fail(
        'unsupported value in the environment: an object that is neither an array nor plain data',
      );
    }
    default:
      return fail(`unsupported value in the environment: a ${typeof value}`);
  }
}

export function elementAt(array: ArrayValue, index: number): Value {
  return fromHost(array[index]);
}

/** The map's own data property `key`, or undefined: never an inherited one (`constructor`, `__proto__`) or a getter. */
export function mapGet(map: MapValue, key: string): Value | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(map, key);
  return descriptor && 'value' in descriptor
    ? fromHost(descriptor.value)
    : undefined;
}

export function mapKeys(map: MapValue): string[] {
  return Object.keys(map).filter(
    key => 'value' in Object.getOwnPropertyDescriptor(map, key)!,
  );
}

/** A map for the evaluator to fill: no prototype, so any key, `__proto__` included, is plain data. */
export function newMap(): Record<string, Value> {
  return Object.create(null);
}

/** Go's %T of the value, as expr's messages name types. */
export function typeName(value: Value): string {
  return kindTypeName(kindOf(value));
}

export function kindTypeName(kind: Kind | 'any'): string {
  switch (kind) {
    case 'nil':
      return '<nil>';
    case 'float':
      return 'float64';
    case 'array':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'any':
      return 'interface {}';
    default:
      return kind;
  }
}

/** Counts what one evaluation does and creates, and stops it at the limits. */
export class Budget {
  private steps = 0;
  private memory = 0;

  step(count = 1): void {
    this.steps += count;
    if (this.steps > MAX_STEPS)
      fail(`evaluation exceeded its budget of ${MAX_STEPS} steps`);
  }

  /** Reading through `length` characters of a string: cheap, but a string of the environment can be long. */
  scan(length: number): void {
    if (length > 64) this.step(Math.ceil(length / 64));
  }

  allocate(size: number): void {
    this.memory += size;
    if (this.memory > MAX_MEMORY) fail('memory budget exceeded');
  }
}

/** Guards the walks over nested values (equality, string()) against values nested deeper than any real result. */
export function checkValueDepth(depth: number): void {
  if (depth > MAX_VALUE_DEPTH)
    fail(`value is nested more than ${MAX_VALUE_DEPTH} levels deep`);
}

/**
 * A value as callers see it: ints as numbers (exact up to 2^53), in the arrays and maps too. Whatever holds no int
 * is handed back as it is, the environment's own arrays and objects included.
 */
export function toPublic(value: Value, depth = 0): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || typeof value !== 'object') return value;
  checkValueDepth(depth);
  if (isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const converted = isConvertible(item)
        ? toPublic(item as Value, depth + 1)
        : item;
      if (converted !== item) {
        copy ??= value.slice();
        copy[i] = converted;
      }
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of mapKeys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const converted = isConvertible(item)
      ? toPublic(item as Value, depth + 1)
      : item;
    if (converted !== item) {
      copy ??= Object.assign(newMap(), value);
      copy[key] = converted;
    }
  }
  return copy ?? value;
}

/** What toPublic may change: an int, or an array or a plain map that might hold one. */
function isConvertible(item: unknown): boolean {
  if (typeof item === 'bigint') return true;
  if (item === null || typeof item !== 'object') return false;
  const prototype = Object.getPrototypeOf(item);
  return (
    Array.isArray(item) || prototype === Object.prototype || prototype === null
  );
}
