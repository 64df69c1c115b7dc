import { RE2JS } from 're2js';
import { fail } from './errors';
import { MAX_REGEX_SIZE, MAX_SOURCE_LENGTH } from './limits';

// `matches` uses RE2, as Go's regexp does: the same syntax, and matching in time linear in the input, so no pattern a
// template supplies can backtrack for ever the way a JavaScript RegExp can. Linear still has a factor, the size of
// the compiled pattern, which repetition multiplies (`\pL{1000}` is a thousand character classes): patterns are
// bounded in size before compiling, and each match costs steps in proportion to pattern size times text length.

export interface CompiledRegex {
  /** Whether the pattern matches anywhere in `input`, like Go's regexp.MatchString. */
  test(input: string): boolean;
  /** Instructions of the compiled program: what one character of input may cost. */
  size: number;
}

/** Patterns built at run time (`result.name matches result.pattern`) are few; keep the latest compiled. */
const CACHE_SIZE = 64;
const cache = new Map<string, CompiledRegex>();

export function compileRegex(pattern: string, offset?: number): CompiledRegex {
  const cached = cache.get(pattern);
  if (cached) return cached;
  if (pattern.length > MAX_SOURCE_LENGTH) {
    fail(
      `regular expression is longer than ${MAX_SOURCE_LENGTH} characters`,
      offset,
    );
  }
  if (expandedSize(pattern) > MAX_REGEX_SIZE) {
    fail(
      `regular expression is too large once its repetitions are expanded (over ${MAX_REGEX_SIZE})`,
      offset,
    );
  }
  let compiled: CompiledRegex;
  try {
    const regex = RE2JS.compile(pattern);
    compiled = {
      test: input => regex.test(input),
      size: regex.re2().numberOfInstructions(),
    };
  } catch (error) {
    // re2js reports Go's own messages: "error parsing regexp: missing closing ): `(`".
    return fail(
      error instanceof Error ? error.message : 'error parsing regexp',
      offset,
    );
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}

/**
 * About how many atoms the pattern becomes once `{n,m}` repetitions are written out, nested ones multiplied. An
 * estimate read off the text: RE2 itself rejects what is not well formed.
 */
export function expandedSize(pattern: string): number {
  const groups: number[] = [0]; // size of the sequence so far, per open group
  let last = 0; // size of the last atom, which a repetition repeats
  let i = 0;
  const add = (size: number) => {
    groups[groups.length - 1] += size;
    last = size;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = end < 0 ? pattern.length - i - 2 : end - i - 2;
        add(Math.max(literal, 1));
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      const braced = /^\\[pPx]\{[^}]*\}/.exec(pattern.slice(i, i + 64));
      i += braced ? braced[0].length : 2;
      add(1);
    } else if (c === '[') {
      i = classEnd(pattern, i);
      add(1);
    } else if (c === '(') {
      const flags = /^\(\?[a-zA-Z-]*\)/.exec(pattern.slice(i, i + 16));
      if (flags) {
        i += flags[0].length; // (?i) sets flags, it opens nothing
      } else {
        groups.push(0);
        i++;
      }
    } else if (c === ')') {
      const size = groups.length > 1 ? groups.pop()! : 0;
      add(size);
      i++;
    } else if (c === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 16));
      if (repeat) {
        const [, min, comma, max] = repeat;
        let count = Number(min);
        if (comma) count = max ? Number(max) : count + 1; // {n,} is n and a star
        groups[groups.length - 1] += last * (Math.max(count, 1) - 1);
        last *= Math.max(count, 1);
        i += repeat[0].length;
      } else {
        add(1); // a brace that opens no repetition is a literal
        i++;
      }
    } else {
      add(1);
      i++;
    }
  }
  return groups.reduce((total, size) => total + size, 0);
}

/** The index just past the character class opening at `start`: `[]a]` and `[^]a]` hold a `]`. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') {
    if (pattern[i] === '\\') i++;
    else if (pattern.startsWith('[:', i)) {
      const end = pattern.indexOf(':]', i + 2);
      if (end >= 0) i = end + 1;
    }
    i++;
  }
  return i + 1;
}
