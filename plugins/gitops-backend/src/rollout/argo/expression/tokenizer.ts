import { fail } from './errors';

// The lexical grammar of expr v1.15.5, the version Argo Rollouts v1.8.3 evaluates conditions with.

export type TokenKind =
  | 'identifier'
  | 'number'
  | 'string'
  | 'operator'
  | 'bracket'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The text; for a string literal, its value with escapes resolved. */
  value: string;
  offset: number;
}

/** Words the lexer makes operators rather than identifiers (`true`, `false` and `nil` stay identifiers). */
const OPERATOR_WORDS = new Set([
  'not',
  'in',
  'or',
  'and',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'let',
]);

const SPACE = /^\p{White_Space}$/u;
const LETTER = /^[\p{L}_$]$/u;
const DIGIT = /^\p{Nd}$/u;

export function isAlphanumeric(char: string): boolean {
  return LETTER.test(char) || DIGIT.test(char);
}

/** A name as `.name` accepts it: a letter, `_` or `$`, then letters and digits. */
export function isValidIdentifier(word: string): boolean {
  const chars = [...word];
  return (
    chars.length > 0 && LETTER.test(chars[0]) && chars.every(isAlphanumeric)
  );
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const peek = (at = pos) =>
    at < source.length ? String.fromCodePoint(source.codePointAt(at)!) : '';
  const accept = (valid: string) => {
    const c = peek();
    if (c !== '' && valid.includes(c)) {
      pos += c.length;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string) => {
    while (accept(valid)) {
      // consume
    }
  };
  const emit = (
    kind: TokenKind,
    start: number,
    value = source.slice(start, pos),
  ) => tokens.push({ kind, value, offset: start });

  const scanNumber = (start: number) => {
    let digits = '0123456789_';
    if (accept('0')) {
      // A leading 0 is no octal prefix (07 is seven); 0x, 0o and 0b are, though only 0x parses (see parser).
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    const beforeDot = pos;
    if (accept('.')) {
      if (peek() === '.') {
        pos = beforeDot; // 1..3 is a range, not 1. followed by .3
        emit('number', start);
        return;
      }
      acceptRun(digits);
    }
    if (accept('eE')) {
      accept('+-');
      acceptRun(digits);
    }
    const next = peek();
    if (next !== '' && isAlphanumeric(next)) {
      fail(
        `bad number syntax: ${JSON.stringify(
          source.slice(start, pos + next.length),
        )}`,
        start,
      );
    }
    emit('number', start);
  };

  while (pos < source.length) {
    const start = pos;
    const c = peek();
    pos += c.length;
    if (SPACE.test(c)) continue;
    if (c === "'" || c === '"') {
      const [value, end] = scanString(source, start, c);
      pos = end;
      emit('string', start, value);
      continue;
    }
    if (c >= '0' && c <= '9') {
      pos = start;
      scanNumber(start);
      continue;
    }
    switch (c) {
      case '?':
        accept('.?');
        emit('operator', start);
        continue;
      case '/':
        if (accept('/')) {
          while (pos < source.length && source[pos] !== '\n') pos++;
        } else if (accept('*')) {
          const end = source.indexOf('*/', pos);
          if (end < 0) fail('unclosed comment', start);
          pos = end + 2;
        } else {
          emit('operator', start);
        }
        continue;
      case '#': {
        accept('#');
        emit('operator', start);
        const nameStart = pos;
        while (pos < source.length && isAlphanumeric(peek()))
          pos += peek().length;
        if (pos > nameStart) emit('identifier', nameStart);
        continue;
      }
      case '|':
        accept('|');
        emit('operator', start);
        continue;
      case '.':
        if (peek() >= '0' && peek() <= '9') {
          scanNumber(start);
        } else {
          accept('.');
          emit('operator', start);
        }
        continue;
      default:
    }
    if ('([{)]}'.includes(c)) {
      emit('bracket', start);
    } else if (',:;%+-^'.includes(c)) {
      emit('operator', start);
    } else if ('&!=*<>'.includes(c)) {
      accept('&=*'); // &&, !=, ==, **, <=, >=; odd pairs such as <* fail in the parser, as in expr
      emit('operator', start);
    } else if (isAlphanumeric(c)) {
      while (pos < source.length && isAlphanumeric(peek()))
        pos += peek().length;
      const word = source.slice(start, pos);
      emit(OPERATOR_WORDS.has(word) ? 'operator' : 'identifier', start);
    } else {
      const code = c
        .codePointAt(0)!
        .toString(16)
        .toUpperCase()
        .padStart(4, '0');
      fail(`unrecognized character: U+${code} ${JSON.stringify(c)}`, start);
    }
  }
  tokens.push({ kind: 'eof', value: '', offset: source.length });
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * The value of the string literal opening at `start` and the offset just past it. Escapes are Go's: \n, \x41,
 * \u00e9, \U0001F600, \101, and the literal's own quote.
 */
function scanString(
  source: string,
  start: number,
  quote: string,
): [string, number] {
  let value = '';
  let pos = start + 1;
  for (;;) {
    if (pos >= source.length || source[pos] === '\n')
      fail('literal not terminated', start);
    const c = source[pos];
    if (c === quote) return [value, pos + 1];
    if (c === '\r') {
      // expr normalises a carriage return in a literal to \n
      value += '\n';
      pos++;
      continue;
    }
    if (c !== '\\') {
      value += c;
      pos++;
      continue;
    }
    const escape = source[pos + 1] ?? '';
    if (
      escape in SIMPLE_ESCAPES &&
      (escape === quote || (escape !== "'" && escape !== '"'))
    ) {
      value += SIMPLE_ESCAPES[escape];
      pos += 2;
    } else if (escape in HEX_ESCAPE_LENGTH) {
      const digits = source.slice(pos + 2, pos + 2 + HEX_ESCAPE_LENGTH[escape]);
      if (
        !/^[0-9a-fA-F]+$/.test(digits) ||
        digits.length !== HEX_ESCAPE_LENGTH[escape]
      ) {
        fail('invalid char escape', pos);
      }
      value += codePointText(parseInt(digits, 16), pos);
      pos += 2 + digits.length;
    } else if (/^[0-3][0-7]{2}$/.test(source.slice(pos + 1, pos + 4))) {
      value += codePointText(parseInt(source.slice(pos + 1, pos + 4), 8), pos);
      pos += 4;
    } else {
      fail('invalid char escape', pos);
    }
  }
}

function codePointText(code: number, offset: number): string {
  if (code > 0x10ffff) fail('invalid char escape', offset);
  // Go encodes a lone surrogate as the replacement character.
  return code >= 0xd800 && code <= 0xdfff
    ? '\ufffd'
    : String.fromCodePoint(code);
}
