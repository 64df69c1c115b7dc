import { ExpressionError, compileExpression } from './index';
import { tokenize } from './tokenizer';

const kinds = (source: string) =>
  tokenize(source).map(({ kind, value }) => `${kind}:${value}`);

function syntaxError(source: string): ExpressionError {
  try {
    compileExpression(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`${source} compiled`);
}

describe('tokenize', () => {
  it('splits a condition into tokens with their offsets', () => {
    expect(tokenize('result[0] >= 0.95')).toEqual([
      { kind: 'identifier', value: 'result', offset: 0 },
      { kind: 'bracket', value: '[', offset: 6 },
      { kind: 'number', value: '0', offset: 7 },
      { kind: 'bracket', value: ']', offset: 8 },
      { kind: 'operator', value: '>=', offset: 10 },
      { kind: 'number', value: '0.95', offset: 13 },
      { kind: 'eof', value: '', offset: 17 },
    ]);
  });

  it.each([
    [
      'a?.b ?? c',
      [
        'identifier:a',
        'operator:?.',
        'identifier:b',
        'operator:??',
        'identifier:c',
      ],
    ],
    ['1..3', ['number:1', 'operator:..', 'number:3']],
    ['1.5', ['number:1.5']],
    ['.5', ['number:.5']],
    ['1_000 0x1F 1e-3', ['number:1_000', 'number:0x1F', 'number:1e-3']],
    [
      'a not in b',
      ['identifier:a', 'operator:not', 'operator:in', 'identifier:b'],
    ],
    [
      'x and y or not z',
      [
        'identifier:x',
        'operator:and',
        'identifier:y',
        'operator:or',
        'operator:not',
        'identifier:z',
      ],
    ],
    [
      'true nil $env _x é',
      [
        'identifier:true',
        'identifier:nil',
        'identifier:$env',
        'identifier:_x',
        'identifier:é',
      ],
    ],
    [
      '{# > #index}',
      [
        'bracket:{',
        'operator:#',
        'operator:>',
        'operator:#',
        'identifier:index',
        'bracket:}',
      ],
    ],
    [
      'a && b || !c',
      [
        'identifier:a',
        'operator:&&',
        'identifier:b',
        'operator:||',
        'operator:!',
        'identifier:c',
      ],
    ],
    [
      '2 ** 3 ^ 4 % 5',
      [
        'number:2',
        'operator:**',
        'number:3',
        'operator:^',
        'number:4',
        'operator:%',
        'number:5',
      ],
    ],
    [
      'a | f()',
      ['identifier:a', 'operator:|', 'identifier:f', 'bracket:(', 'bracket:)'],
    ],
    ['1 /* two */ // three\n + 4', ['number:1', 'operator:+', 'number:4']],
    [
      'let x = 1; x',
      [
        'operator:let',
        'identifier:x',
        'operator:=',
        'number:1',
        'operator:;',
        'identifier:x',
      ],
    ],
  ])('%j', (source, expected) => {
    expect(kinds(source)).toEqual([...expected, 'eof:']);
  });

  it.each([
    ["'a\\'b'", "a'b"],
    ['"a\\"b"', 'a"b'],
    ["'\\n\\t\\\\'", '\n\t\\'],
    ["'\\x41\\u00e9\\101\\U0001F600'", 'AéA😀'],
    ["'\\uD800'", '\ufffd'],
    ["'héllo 😀'", 'héllo 😀'],
  ])('reads the string %s as %j', (source, value) => {
    expect(tokenize(source)[0]).toEqual({ kind: 'string', value, offset: 0 });
  });

  it.each([
    ["'abc", 'literal not terminated (at line 1, column 1)'],
    ["'a\nb'", 'literal not terminated (at line 1, column 1)'],
    ["'a\\qb'", 'invalid char escape (at line 1, column 3)'],
    ['"a\\\'b"', 'invalid char escape (at line 1, column 3)'],
    ["'\\u00'", 'invalid char escape (at line 1, column 2)'],
    ['1a', 'bad number syntax: "1a" (at line 1, column 1)'],
    ['0xZ', 'bad number syntax: "0xZ" (at line 1, column 1)'],
    ['1 + @', 'unrecognized character: U+0040 "@" (at line 1, column 5)'],
    ['x\n  `y`', 'unrecognized character: U+0060 "`" (at line 2, column 3)'],
    ['1 /* open', 'unclosed comment (at line 1, column 3)'],
  ])('refuses %j: %s', (source, message) => {
    expect(syntaxError(source).message).toBe(message);
  });
});
