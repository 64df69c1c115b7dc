import { fail } from './errors';
import {
  type ArrayValue,
  type Budget,
  type Value,
  elementAt,
  typeName,
} from './values';

// expr's builtins that walk an array with a closure, `all(result, {# < 500})`. The evaluator runs the closure;
// these decide what to do with each of its answers.

/** Fewest and most arguments of each predicate; the second is always the closure. */
export const PREDICATES: ReadonlyMap<string, [number, number]> = new Map([
  ['all', [2, 2]],
  ['none', [2, 2]],
  ['any', [2, 2]],
  ['one', [2, 2]],
  ['filter', [2, 2]],
  ['map', [2, 2]],
  ['count', [2, 2]],
  ['find', [2, 2]],
  ['findIndex', [2, 2]],
  ['findLast', [2, 2]],
  ['findLastIndex', [2, 2]],
  ['groupBy', [2, 2]],
  ['reduce', [2, 3]],
]);

/** Which pointers (`#index`, `#acc`) a predicate's closure may use, as expr v1.15.5 declares them; `#` always. */
export function predicateDeclares(predicate: string, pointer: string): boolean {
  if (pointer === 'index') return predicate === 'map' || predicate === 'reduce';
  if (pointer === 'acc') return predicate === 'reduce';
  return false;
}

/** Runs the closure on element `index` with the accumulator `acc`, and returns its value. */
export type Visit = (index: number, acc: Value) => Value;

function test(name: string, value: Value): boolean {
  if (typeof value !== 'boolean')
    fail(`predicate of ${name} must return a bool, not ${typeName(value)}`);
  return value;
}

export function applyPredicate(
  name: string,
  items: ArrayValue,
  visit: Visit,
  initial: Value | undefined,
  budget: Budget,
): Value {
  const n = items.length;
  switch (name) {
    case 'all':
      for (let i = 0; i < n; i++) if (!test(name, visit(i, null))) return false;
      return true;
    case 'none':
      for (let i = 0; i < n; i++) if (test(name, visit(i, null))) return false;
      return true;
    case 'any':
      for (let i = 0; i < n; i++) if (test(name, visit(i, null))) return true;
      return false;
    case 'one':
    case 'count': {
      let count = 0;
      for (let i = 0; i < n; i++) if (test(name, visit(i, null))) count++;
      return name === 'one' ? count === 1 : BigInt(count);
    }
    case 'filter': {
      const kept: Value[] = [];
      for (let i = 0; i < n; i++)
        if (test(name, visit(i, null))) kept.push(elementAt(items, i));
      budget.allocate(kept.length);
      return kept;
    }
    case 'map': {
      budget.allocate(n);
      const mapped: Value[] = [];
      for (let i = 0; i < n; i++) mapped.push(visit(i, null));
      return mapped;
    }
    case 'find':
    case 'findIndex':
      for (let i = 0; i < n; i++) {
        if (test(name, visit(i, null)))
          return name === 'find' ? elementAt(items, i) : BigInt(i);
      }
      return null;
    case 'findLast':
    case 'findLastIndex':
      for (let i = n - 1; i >= 0; i--) {
        if (test(name, visit(i, null)))
          return name === 'findLast' ? elementAt(items, i) : BigInt(i);
      }
      return null;
    case 'reduce': {
      let start = 0;
      let acc = initial;
      if (acc === undefined) {
        if (n === 0) fail('reduce of an empty array needs an initial value');
        acc = elementAt(items, 0);
        start = 1;
      }
      for (let i = start; i < n; i++) acc = visit(i, acc);
      return acc;
    }
    default:
      return fail(`builtin ${name} is not supported`);
  }
}
