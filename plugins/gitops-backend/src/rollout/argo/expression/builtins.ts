import { fetch, utf8 } from './access';
import { Fault, fail } from './errors';
import { brief, compareStrings, formatValue } from './format';
import { compare } from './operators';
import {
  parseGoFloat,
  parseGoInt,
  truncateToInt64,
  wrapInt64,
} from './strconv';
import {
  type ArrayValue,
  type Budget,
  type MapValue,
  type Value,
  elementAt,
  isArray,
  isMap,
  isNumber,
  kindOf,
  mapGet,
  mapKeys,
  newMap,
  typeName,
} from './values';

// expr v1.15.5's builtin functions that are pure and take no closure (the predicates are in predicates.ts), with its
// semantics and messages. Strings are Go's: len() counts UTF-8 bytes, indexOf() returns a byte offset.

export interface Builtin {
  /** Fewest and most arguments; the parser rejects other counts. */
  arity: [number, number];
  call(args: Value[], budget: Budget): Value;
}

/** expr builtins this evaluator refuses, by name: time values, and results that need non-string map keys or JSON. */
export const UNSUPPORTED_BUILTINS: ReadonlySet<string> = new Set([
  'now',
  'duration',
  'date',
  'groupBy',
  'toJSON',
]);

function stringArg(name: string, value: Value): string {
  if (typeof value !== 'string')
    fail(
      `cannot use ${typeName(value)} as argument (type string) to call ${name}`,
    );
  return value;
}

function arrayArg(name: string, value: Value, verb = name): ArrayValue {
  if (!isArray(value)) fail(`cannot ${verb} ${typeName(value)}`);
  return value;
}

function mapArg(value: Value, verb: string): MapValue {
  if (!isMap(value)) fail(`cannot ${verb} ${typeName(value)}`);
  return value;
}

/** runtime.ToInt: a float argument where an int is expected is truncated. */
function intArg(name: string, value: Value): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number(truncateToInt64(value));
  return fail(
    `cannot use ${typeName(value)} as argument (type int) to call ${name}`,
  );
}

function numbers(
  name: string,
  list: ArrayValue,
  budget: Budget,
): (bigint | number)[] {
  budget.step(list.length);
  return list.map((_, i) => {
    const item = elementAt(list, i);
    if (!isNumber(item)) fail(`cannot ${name} ${typeName(item)}`);
    return item;
  });
}

const surroundingSpace = /^\p{White_Space}+|\p{White_Space}+$/gu;

function trimSet(text: string, cutset: string): string {
  const set = new Set(cutset);
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && set.has(chars[start])) start++;
  while (end > start && set.has(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** strings.ToUpper/ToLower map each code point on its own; one that would become several stays as it is. */
function mapCase(text: string, upper: boolean): string {
  if (isAscii(text)) return upper ? text.toUpperCase() : text.toLowerCase();
  let out = '';
  for (const char of text) {
    const mapped = upper ? char.toUpperCase() : char.toLowerCase();
    out += [...mapped].length === 1 ? mapped : char;
  }
  return out;
}

/** strings.SplitN and SplitAfterN; n < 0 means no limit, n == 0 no result. */
function split(
  text: string,
  separator: string,
  n: number,
  keep: boolean,
  budget: Budget,
): string[] {
  budget.allocate(text.length);
  budget.step(separator === '' ? text.length : 1);
  if (n === 0) return [];
  if (separator === '') {
    const chars = [...text];
    const count = n < 0 || n > chars.length ? chars.length : n;
    if (count === 0) return [];
    return [...chars.slice(0, count - 1), chars.slice(count - 1).join('')];
  }
  const parts: string[] = [];
  let rest = text;
  while (n < 0 || parts.length < n - 1) {
    const at = rest.indexOf(separator);
    if (at < 0) break;
    budget.step();
    parts.push(rest.slice(0, at + (keep ? separator.length : 0)));
    rest = rest.slice(at + separator.length);
  }
  parts.push(rest);
  return parts;
}

/** strings.Replace: at most n replacements (all when n < 0); an empty `old` matches around every code point. */
function replace(
  text: string,
  old: string,
  replacement: string,
  n: number,
  budget: Budget,
): string {
  const pieces = old === '' ? ['', ...text, ''] : text.split(old);
  const replacements =
    n < 0 ? pieces.length - 1 : Math.min(n, pieces.length - 1);
  budget.step(pieces.length);
  budget.allocate(text.length + replacements * replacement.length);
  if (old === '') {
    const chars = pieces.slice(1, -1);
    let out = '';
    for (let i = 0; i < chars.length; i++)
      out += (i < replacements ? replacement : '') + chars[i];
    return out + (replacements > chars.length ? replacement : '');
  }
  let out = pieces[0];
  for (let i = 1; i < pieces.length; i++)
    out += (i <= replacements ? replacement : old) + pieces[i];
  return out;
}

function base64Decode(text: string): string {
  const clean = text.replace(/[\r\n]/g, '');
  const invalid = clean.search(/[^A-Za-z0-9+/=]|=[^=]|={3}/);
  if (invalid >= 0 || clean.length % 4 !== 0) {
    fail(
      `illegal base64 data at input byte ${
        invalid >= 0 ? invalid : clean.length
      }`,
    );
  }
  return Buffer.from(clean, 'base64').toString('utf8');
}

/** math.Round: halves away from zero (Math.round takes -2.5 to -2). */
function round(value: number): number {
  const whole = Math.trunc(value);
  return Math.abs(value - whole) >= 0.5 ? whole + Math.sign(value) : whole;
}

function floatOf(
  name: string,
  value: Value,
  apply: (x: number) => number,
): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return apply(value);
  return fail(`invalid argument for ${name} (type ${typeName(value)})`);
}

/** max() and min() of numbers (the checker refuses other known types; strings out of JSON compare as strings). */
function extreme(args: Value[], wanted: '<' | '>'): Value {
  let best: Value = null;
  for (const arg of args)
    if (best === null || compare(wanted, best, arg)) best = arg;
  return best;
}

function sortValues(
  list: ArrayValue,
  keys: Value[],
  order: Value | undefined,
  budget: Budget,
): Value[] {
  let descending = false;
  if (order !== undefined) {
    if (typeof order !== 'string') {
      fail(
        `invalid argument for sort (expected string, got ${typeName(order)})`,
      );
    }
    if (order !== 'asc' && order !== 'desc') {
      fail(
        `invalid argument for sort (expected "asc" or "desc", got ${JSON.stringify(
          order,
        )})`,
      );
    }
    descending = order === 'desc';
  }
  const kind = keys.length > 0 ? kindOf(keys[0]) : 'int';
  const other = keys.findIndex(key => kindOf(key) !== kind);
  if (other >= 0) {
    fail(
      `cannot sort array of different types (${typeName(
        keys[other],
      )} and ${typeName(keys[0])})`,
    );
  }
  if (
    keys.length > 1 &&
    kind !== 'int' &&
    kind !== 'float' &&
    kind !== 'string'
  ) {
    fail(`sort: unsupported type ${typeName(keys[0])}`);
  }
  budget.step(list.length * Math.ceil(Math.log2(list.length + 1)));
  budget.allocate(list.length);
  const ascending = (a: Value, b: Value) => {
    if (typeof a === 'string') return compareStrings(a, b as string);
    if (compare('<', a, b)) return -1;
    return compare('>', a, b) ? 1 : 0;
  };
  return list
    .map((_, i) => i)
    .sort((i, j) => (descending ? -1 : 1) * ascending(keys[i], keys[j]))
    .map(i => elementAt(list, i));
}

const BUILTIN_TABLE: Record<string, Builtin> = {
  len: {
    arity: [1, 1],
    call: ([value]) => {
      if (typeof value === 'string') return BigInt(utf8(value).length);
      if (isArray(value)) return BigInt(value.length);
      if (isMap(value)) return BigInt(mapKeys(value).length);
      return fail(`invalid argument for len (type ${typeName(value)})`);
    },
  },
  type: {
    arity: [1, 1],
    call: ([value]) => kindOf(value),
  },
  abs: {
    arity: [1, 1],
    call: ([value]) => {
      if (typeof value === 'bigint')
        return value < 0n ? wrapInt64(-value) : value;
      if (typeof value === 'number') return value < 0 ? -value : value;
      return fail(`invalid argument for abs (type ${typeName(value)})`);
    },
  },
  ceil: { arity: [1, 1], call: ([value]) => floatOf('ceil', value, Math.ceil) },
  floor: {
    arity: [1, 1],
    call: ([value]) => floatOf('floor', value, Math.floor),
  },
  round: { arity: [1, 1], call: ([value]) => floatOf('round', value, round) },
  int: {
    arity: [1, 1],
    call: ([value]) => {
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number') return truncateToInt64(value);
      if (typeof value === 'string') {
        const parsed = parseGoInt(value);
        if (typeof parsed === 'bigint') return parsed;
        return fail(`invalid operation: int(${brief(value)})`);
      }
      return fail(`invalid operation: int(${typeName(value)})`);
    },
  },
  float: {
    arity: [1, 1],
    call: ([value]) => {
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        const parsed = parseGoFloat(value);
        if (typeof parsed === 'number') return parsed;
        return fail(`invalid operation: float(${brief(value)})`);
      }
      return fail(`invalid operation: float(${typeName(value)})`);
    },
  },
  string: {
    arity: [1, 1],
    call: ([value], budget) => {
      const text = formatValue(value, budget);
      budget.allocate(text.length);
      return text;
    },
  },
  trim: {
    arity: [1, 2],
    call: ([text, cutset]) =>
      cutset === undefined
        ? stringArg('trim', text).replace(surroundingSpace, '')
        : trimSet(stringArg('trim', text), stringArg('trim', cutset)),
  },
  trimPrefix: {
    arity: [1, 2],
    call: ([text, prefix = ' ']) => {
      const [s, p] = [
        stringArg('trimPrefix', text),
        stringArg('trimPrefix', prefix),
      ];
      return s.startsWith(p) ? s.slice(p.length) : s;
    },
  },
  trimSuffix: {
    arity: [1, 2],
    call: ([text, suffix = ' ']) => {
      const [s, p] = [
        stringArg('trimSuffix', text),
        stringArg('trimSuffix', suffix),
      ];
      return s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    },
  },
  upper: {
    arity: [1, 1],
    call: ([text]) => mapCase(stringArg('upper', text), true),
  },
  lower: {
    arity: [1, 1],
    call: ([text]) => mapCase(stringArg('lower', text), false),
  },
  split: {
    arity: [2, 3],
    call: ([text, sep, n], budget) =>
      split(
        stringArg('split', text),
        stringArg('split', sep),
        n === undefined ? -1 : intArg('split', n),
        false,
        budget,
      ),
  },
  splitAfter: {
    arity: [2, 3],
    call: ([text, sep, n], budget) =>
      split(
        stringArg('splitAfter', text),
        stringArg('splitAfter', sep),
        n === undefined ? -1 : intArg('splitAfter', n),
        true,
        budget,
      ),
  },
  replace: {
    arity: [3, 4],
    call: ([text, old, replacement, n], budget) =>
      replace(
        stringArg('replace', text),
        stringArg('replace', old),
        stringArg('replace', replacement),
        n === undefined ? -1 : intArg('replace', n),
        budget,
      ),
  },
  repeat: {
    arity: [2, 2],
    call: ([text, n], budget) => {
      const s = stringArg('repeat', text);
      const count = intArg('repeat', n);
      if (count < 0) fail('strings: negative Repeat count');
      if (count > 1e6) fail('memory budget exceeded');
      budget.allocate(s.length * count);
      return s.repeat(count);
    },
  },
  join: {
    arity: [1, 2],
    call: ([list, glue = ''], budget) => {
      const items = arrayArg('join', list, 'join');
      const separator = stringArg('join', glue);
      budget.step(items.length);
      const parts = items.map((_, i) => {
        const item = elementAt(items, i);
        if (typeof item !== 'string')
          fail(`cannot join ${typeName(item)}: elements must be strings`);
        return item;
      });
      const joined = parts.join(separator);
      budget.allocate(joined.length);
      return joined;
    },
  },
  indexOf: {
    arity: [2, 2],
    call: ([text, sub]) => {
      const [s, t] = [stringArg('indexOf', text), stringArg('indexOf', sub)];
      const at = s.indexOf(t);
      return BigInt(at < 0 ? -1 : utf8(s.slice(0, at)).length);
    },
  },
  lastIndexOf: {
    arity: [2, 2],
    call: ([text, sub]) => {
      const [s, t] = [
        stringArg('lastIndexOf', text),
        stringArg('lastIndexOf', sub),
      ];
      const at = s.lastIndexOf(t);
      return BigInt(at < 0 ? -1 : utf8(s.slice(0, at)).length);
    },
  },
  hasPrefix: {
    arity: [2, 2],
    call: ([text, prefix]) =>
      stringArg('hasPrefix', text).startsWith(stringArg('hasPrefix', prefix)),
  },
  hasSuffix: {
    arity: [2, 2],
    call: ([text, suffix]) =>
      stringArg('hasSuffix', text).endsWith(stringArg('hasSuffix', suffix)),
  },
  max: { arity: [1, Infinity], call: args => extreme(args, '<') },
  min: { arity: [1, Infinity], call: args => extreme(args, '>') },
  sum: {
    arity: [1, 1],
    call: ([list], budget) => {
      const items = numbers('sum', arrayArg('sum', list), budget);
      if (items.every(item => typeof item === 'bigint')) {
        return items.reduce<bigint>(
          (total, item) => wrapInt64(total + (item as bigint)),
          0n,
        );
      }
      return items.reduce<number>((total, item) => total + Number(item), 0);
    },
  },
  mean: {
    arity: [1, 1],
    call: ([list], budget) => {
      const items = numbers('mean', arrayArg('mean', list), budget);
      if (items.length === 0) return 0;
      return (
        items.reduce<number>((total, item) => total + Number(item), 0) /
        items.length
      );
    },
  },
  median: {
    arity: [1, 1],
    call: ([list], budget) => {
      const items = numbers('median', arrayArg('median', list), budget)
        .map(Number)
        .sort((a, b) => a - b);
      if (items.length === 0) return 0;
      const middle = Math.floor(items.length / 2);
      return items.length % 2 === 0
        ? (items[middle - 1] + items[middle]) / 2
        : items[middle];
    },
  },
  first: { arity: [1, 1], call: ([value]) => getOrNil(value, 0n) },
  last: { arity: [1, 1], call: ([value]) => getOrNil(value, -1n) },
  get: { arity: [2, 2], call: ([value, key]) => getOrNil(value, key) },
  take: {
    arity: [2, 2],
    call: ([list, n], budget) => {
      const items = arrayArg('take', list, 'take from');
      if (typeof n !== 'bigint') fail(`cannot take ${typeName(n)} elements`);
      if (n < 0n) fail('take: negative number of elements');
      budget.allocate(Math.min(Number(n), items.length));
      return n >= BigInt(items.length) ? items : items.slice(0, Number(n));
    },
  },
  keys: {
    arity: [1, 1],
    call: ([value], budget) => {
      const keys = mapKeys(mapArg(value, 'get keys from'));
      budget.allocate(keys.length);
      return keys;
    },
  },
  values: {
    arity: [1, 1],
    call: ([value], budget) => {
      const object = mapArg(value, 'get values from');
      const keys = mapKeys(object);
      budget.allocate(keys.length);
      return keys.map(key => mapGet(object, key)!);
    },
  },
  toPairs: {
    arity: [1, 1],
    call: ([value], budget) => {
      const object = mapArg(value, 'transform to pairs');
      const keys = mapKeys(object);
      budget.allocate(3 * keys.length);
      return keys.map(key => [key, mapGet(object, key)!]);
    },
  },
  fromPairs: {
    arity: [1, 1],
    call: ([list], budget) => {
      const pairs = arrayArg('fromPairs', list, 'transform from pairs');
      budget.allocate(pairs.length);
      const out = newMap();
      for (let i = 0; i < pairs.length; i++) {
        const pair = elementAt(pairs, i);
        if (!isArray(pair) || pair.length !== 2)
          fail(`invalid pair ${brief(formatValue(pair, budget))}`);
        const key = elementAt(pair, 0);
        if (typeof key !== 'string')
          fail(`fromPairs: key must be a string, not ${typeName(key)}`);
        out[key] = elementAt(pair, 1);
      }
      return out;
    },
  },
  sort: {
    arity: [1, 2],
    call: ([list, order], budget) => {
      const items = arrayArg('sort', list);
      return sortValues(
        items,
        items.map((_, i) => elementAt(items, i)),
        order,
        budget,
      );
    },
  },
  sortBy: {
    arity: [2, 3],
    call: ([list, field, order], budget) => {
      const items = arrayArg('sortBy', list, 'sort');
      if (typeof field !== 'string') {
        fail(
          `invalid argument for sort (expected string, got ${typeName(field)})`,
        );
      }
      const keys = items.map((_, i) => {
        const item = elementAt(items, i);
        const key = isMap(item) ? mapGet(item, field) : undefined;
        if (key === undefined)
          fail(`cannot sort by ${field}: element ${i} has no such field`);
        return key;
      });
      return sortValues(items, keys, order, budget);
    },
  },
  toBase64: {
    arity: [1, 1],
    call: ([text], budget) => {
      const encoded = utf8(stringArg('toBase64', text)).toString('base64');
      budget.allocate(encoded.length);
      return encoded;
    },
  },
  fromBase64: {
    arity: [1, 1],
    call: ([text]) => base64Decode(stringArg('fromBase64', text)),
  },
  fromJSON: {
    arity: [1, 1],
    call: ([text], budget) => {
      const json = stringArg('fromJSON', text);
      budget.allocate(json.length);
      try {
        return JSON.parse(json) as Value;
      } catch (error) {
        return fail(error instanceof Error ? error.message : 'invalid JSON');
      }
    },
  },
};

/** get(), first() and last(): whatever cannot be fetched is nil rather than an error. */
function getOrNil(value: Value, key: Value): Value {
  try {
    return fetch(value, key);
  } catch (error) {
    if (error instanceof Fault) return null;
    throw error;
  }
}

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(
  Object.entries(BUILTIN_TABLE),
);
