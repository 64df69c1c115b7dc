import { ExpressionError, compileExpression, evaluateCondition } from './index';

const run = (source: string, result?: unknown) =>
  compileExpression(source).evaluate(result === undefined ? {} : { result });

function errorOf(source: string, result?: unknown): ExpressionError {
  try {
    run(source, result);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`${source} did not fail`);
}

describe('literals', () => {
  it.each([
    ['42', 42],
    ['1_000', 1000],
    ['0x1F', 31],
    ['1e3', 1000],
    ['.5', 0.5],
    ['1.', 1],
    ['"a"', 'a'],
    ["'b'", 'b'],
    ['true', true],
    ['false', false],
    ['nil', null],
    ['[1, "x", nil]', [1, 'x', null]],
    ['[1, 2,]', [1, 2]],
    ['{a: 1, "b": 2, 3: 4}', { a: 1, b: 2, 3: 4 }],
    ["{('a' + 'b'): 1}", { ab: 1 }],
    ['{}', {}],
    ['1..3', [1, 2, 3]],
    ['3..1', []],
  ])('%s is %p', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('hands ints back as numbers and maps without a prototype', () => {
    const map = run('{a: 1}') as object;
    expect(Object.getPrototypeOf(map)).toBeNull();
    expect(run('[1, [2]]')).toEqual([1, [2]]);
  });
});

describe('ints and floats, as in expr', () => {
  it.each([
    ['7 / 2', 3.5, 'float'],
    ['6 / 2', 3, 'float'],
    ['7 % 2', 1, 'int'],
    ['-7 % 2', -1, 'int'],
    ['2 ** 3', 8, 'float'],
    ['2 ^ 3 ^ 2', 512, 'float'],
    ['-2 ** 2', -4, 'float'],
    ['1 + 2', 3, 'int'],
    ['1 + 2.0', 3, 'float'],
    ['5 * 2.0', 10, 'float'],
    ['5 - 10', -5, 'int'],
    ['abs(-3)', 3, 'int'],
    ['len([1])', 1, 'int'],
    ['asInt("3")', 3, 'int'],
    ['asFloat("3")', 3, 'float'],
  ])('%s is %p, of type %s', (source, value, type) => {
    expect(run(source)).toBe(value);
    expect(run(`type(${source})`)).toBe(type);
  });

  it('takes every number of the environment for a float64', () => {
    expect(run('type(result)', 7)).toBe('float');
    expect(errorOf('result % 2', 7).reason).toBe(
      'invalid operation: % (mismatched types float64 and int)',
    );
    expect(run('type(result)', 7n)).toBe('int');
    expect(run('result % 2', 7n)).toBe(1);
  });

  it('wraps ints around at 64 bits and divides floats by zero', () => {
    expect(run('string(9223372036854775807 + 1)')).toBe('-9223372036854775808');
    expect(run('1 / 0')).toBe(Infinity);
    expect(run('-1 / 0')).toBe(-Infinity);
    expect(run('0 / 0')).toBeNaN();
    expect(errorOf('1 % 0').reason).toBe('integer divide by zero');
  });

  it('compares ints with floats, but not with strings', () => {
    expect(run('1 == 1.0')).toBe(true);
    expect(run('2 > 1.5')).toBe(true);
    expect(run('result == 1', 1)).toBe(true);
    expect(errorOf("1 == '1'").reason).toBe(
      'invalid operation: == (mismatched types int and string)',
    );
    expect(errorOf("1 < 'a'").reason).toBe(
      'invalid operation: < (mismatched types int and string)',
    );
    expect(run("'a' < 'b'")).toBe(true);
  });

  it('compares NaN with nothing', () => {
    expect(run('result == result', NaN)).toBe(false);
    expect(run('result <= 1', NaN)).toBe(false);
    expect(run('result >= 1', NaN)).toBe(false);
  });

  it('computes ** as Go does, by repeated squaring for whole powers', () => {
    // JavaScript's own ** gives 2.5937424601000023 and 0.12157665459056935.
    expect(run('1.1 ** 10')).toBe(2.593742460100002);
    expect(run('0.9 ** 20')).toBe(0.1215766545905694);
    expect(run('10 ** -3')).toBe(0.001);
    expect(run('2 ** 0.5')).toBe(Math.SQRT2);
    expect(run('1 ** result', NaN)).toBe(1);
    expect(run('(-1) ** (1 / 0)')).toBe(1);
  });

  it('concatenates strings with +, and nothing else', () => {
    expect(run('\'a\' + "b"')).toBe('ab');
    expect(errorOf("'a' + 1").reason).toBe(
      'invalid operation: + (mismatched types string and int)',
    );
    expect(errorOf('result + 1', 'a').reason).toBe(
      'invalid operation: + (mismatched types string and int)',
    );
  });

  it('compares arrays and maps deeply, telling ints from floats inside them', () => {
    expect(run('[1, [2]] == [1, [2]]')).toBe(true);
    expect(run('{a: 1} == {a: 1}')).toBe(true);
    expect(run('[1] == [1.0]')).toBe(false);
    expect(run('result == [1]', [1])).toBe(false);
    expect(run('result == [1.0]', [1])).toBe(true);
    expect(run('nil == nil')).toBe(true);
    expect(run('result == nil', null)).toBe(true);
    expect(run('result.a == nil', { a: null })).toBe(true);
  });
});

describe('operators', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 2 - 3', 5],
    ['10 / 2 / 5', 1],
    ['not true == false', true],
    ['!true || true', true],
    ['true or false and false', true],
    ['(true or false) and false', false],
    ['1 < 2 == true', true],
    ['true ? 1 : 2', 1],
    ['false ? 1 : true ? 2 : 3', 2],
    ['true ? false ? 1 : 2 : 3', 2],
    ['nil ?? 3', 3],
    ['nil ?? nil ?? 3', 3],
    ['1 ?? 2', 1],
    ['1 >= result ?? 0', true],
    ['2 in [1, 2]', true],
    ['2.0 in [1, 2]', true],
    ["'a' in {a: 1}", true],
    ["'a' not in ['a']", false],
    ['1 + 2 not in [3]', false],
    ['5 in 1..1000000000', true],
    ["'abc' contains 'b'", true],
    ["'abc' not contains 'b'", false],
    ["'abc' startsWith 'a' and 'abc' endsWith 'c'", true],
    ["'abc' not startsWith 'b'", true],
    ["'abc' matches 'b+'", true],
    ["'abc' matches '^B'", false],
    ["'abc' matches '(?i)^B'", false],
    ["'abc' matches '(?i)b'", true],
    ["'abc' not matches 'z'", true],
    ["'a\\nb' matches '^b$'", false],
    ["'a\\nb' matches '(?m)^b$'", true],
    ['[1, 2, 3] | map(# * 2) | sum()', 12],
    ["'abc' | upper()", 'ABC'],
    ['result | default(0)', 0],
    ['let x = 2; let y = x * 3; y + 1', 7],
    ['1 /* one */ + // to the end of the line\n 2', 3],
  ])('%s is %p', (source, expected) => {
    expect(run(source, null)).toEqual(expected);
  });

  it('short-circuits && and ||', () => {
    expect(run('false && result[5] > 0', [])).toBe(false);
    expect(run('true || result[5] > 0', [])).toBe(true);
    expect(errorOf('true && result[5] > 0', []).reason).toBe(
      'index out of range: 5 (length 0)',
    );
  });

  it("wants bools around && and ||, as expr's checker does", () => {
    expect(errorOf('true && 1').reason).toBe(
      'invalid operation: && (mismatched types bool and int)',
    );
    expect(errorOf('result || true', 1).reason).toBe(
      'invalid operation: || (mismatched types float64 and bool)',
    );
    expect(errorOf('not 1').reason).toBe(
      'invalid operation: not (mismatched type int)',
    );
    expect(errorOf('1 ? 2 : 3').reason).toBe(
      'non-bool expression (type int) used as condition',
    );
  });

  it('refuses to mix ?? with other operators unparenthesised', () => {
    expect(errorOf('result ?? 0 >= 0.9', null).reason).toBe(
      'Operator (>=) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.',
    );
    expect(run('(result ?? 0) >= 0.9', null)).toBe(false);
  });
});

describe('members, indexes and slices', () => {
  const result = {
    a: { b: 1 },
    list: [10, 20, 30],
    s: 'héllo',
    empty: null,
    'with space': 1,
  };

  it.each([
    ['result.a.b', 1],
    ['result["a"]["b"]', 1],
    ['result.missing', null],
    ['result?.a?.b', 1],
    ['result.empty?.b', null],
    ['result.empty?.b.c', null],
    ['result.list[0]', 10],
    ['result.list[-1]', 30],
    ['result.list[1:]', [20, 30]],
    ['result.list[1.5]', 20],
    ['result.list[:2]', [10, 20]],
    ['result.list[-2:]', [20, 30]],
    ['result.list[1:10]', [20, 30]],
    ['result.list[2:1]', []],
    ['result.list[:]', [10, 20, 30]],
    ['result["with space"]', 1],
    ['$env.result.a.b', 1],
    ['$env["result"].list[0]', 10],
    ['$env?.nothing', null],
    ['len(result.s)', 6],
    ['result.s[0]', 104],
    ['result.s[1:3]', 'é'],
    ['[1, 2][1]', 2],
    ['{a: {b: 3}}.a.b', 3],
  ])('%s is %p', (source, expected) => {
    expect(run(source, result)).toEqual(expected);
  });

  it.each([
    ['result.list[3]', 'index out of range: 3 (length 3)'],
    ['result.list[-4]', 'index out of range: -4 (length 3)'],
    [
      'result.list.length',
      'array elements can only be selected using an integer (got string)',
    ],
    ['result.empty.b', 'cannot fetch b from <nil>'],
    ['result.a.b.c', 'cannot fetch c from float64'],
    [
      '[1, 2][1.5]',
      'array elements can only be selected using an integer (got float64)',
    ],
    ['result.list[0:1.5]', 'non-integer slice index float64'],
    ['$env.nothing', 'unknown name nothing'],
    ["'abc'[0]", 'unexpected token "["'],
    ["('abc')[0]", 'type string[int] is undefined'],
    ['(1).a', 'type int[string] is undefined'],
  ])('%s fails: %s', (source, message) => {
    expect(errorOf(source, result).reason).toBe(message);
  });

  it('errors on a nil variable, even behind ?., as expr types it nil', () => {
    expect(errorOf('result?.a', null).reason).toBe('type <nil> has no field a');
    expect(errorOf('result[0]', null).reason).toBe(
      'type <nil>[int] is undefined',
    );
  });
});

describe('predicates and closures', () => {
  const result = [
    { name: 'a', latency: 120, ok: true },
    { name: 'b', latency: 480, ok: true },
    { name: 'c', latency: 900, ok: false },
  ];

  it.each([
    ['all(result, {.latency < 1000})', true],
    ['all(result, .ok)', false],
    ['any(result, {#.latency > 800})', true],
    ['none(result, .latency > 1000)', true],
    ['one(result, !.ok)', true],
    ['count(result, .ok)', 2],
    ['filter(result, .ok) | map(.name)', ['a', 'b']],
    ['map(result, .latency)', [120, 480, 900]],
    ['map(result, #index)', [0, 1, 2]],
    ['find(result, .latency > 200).name', 'b'],
    ['findIndex(result, .latency > 200)', 1],
    ['findLast(result, .ok).name', 'b'],
    ['findLastIndex(result, .ok)', 1],
    ['find(result, .latency > 5000)', null],
    ['reduce(result, #acc + #.latency, 0)', 1500],
    ['reduce(1..4, #acc * #)', 24],
    ['reduce(1..3, #acc + #index)', 4],
    ['all([], false)', true],
    ['any([], true)', false],
    ['map(result, {map([1, 2], # * 10)})[0]', [10, 20]],
    ['all(map(result, .latency), {# < 1000})', true],
    ['result | filter(.latency < 500) | len()', 2],
  ])('%s is %p', (source, expected) => {
    expect(run(source, result)).toEqual(expected);
  });

  it.each([
    [
      'all(result, .latency)',
      'predicate of all must return a bool, not float64',
      [{ latency: 1 }],
    ],
    ['all(1..3, #)', 'predicate should return boolean (got int)', null],
    ['all(result, # > 0)', 'builtin all takes only array (got float64)', 5],
    ['all(result.x, # > 0)', 'builtin all takes only array (got <nil>)', {}],
    ['all(result, {#index > 0})', 'unknown pointer #index', []],
    ['map(result, #acc)', 'unknown pointer #acc', []],
    ['#', 'cannot use pointer accessor outside closure', []],
    ['.a', 'cannot use pointer accessor outside closure', []],
    ['reduce([], #acc)', 'reduce of an empty array needs an initial value', []],
  ])('%s fails: %s', (source, message, value) => {
    expect(errorOf(source, value).reason).toBe(message);
  });
});

describe('evaluateCondition', () => {
  it("answers Argo's question: a bool, or an ExpressionError", () => {
    expect(evaluateCondition('result[0] >= 0.95', { result: [0.97] })).toBe(
      true,
    );
    expect(evaluateCondition('result[0] >= 0.95', { result: [0.5] })).toBe(
      false,
    );
    for (const [source, message] of [
      ['result[0]', 'expected bool, but got float64'],
      ['result', 'expected bool, but got []interface {}'],
      ['len(result)', 'expected bool, but got int'],
      ['nil', 'expected bool, but got <nil>'],
      ['[true]', 'expected bool, but got []interface {}'],
      ['{}', 'expected bool, but got map[string]interface {}'],
      ["'true'", 'expected bool, but got string'],
    ]) {
      expect(() => evaluateCondition(source, { result: [1] })).toThrow(
        new ExpressionError(message),
      );
    }
  });

  it('treats an absent result as nil', () => {
    expect(evaluateCondition('result == nil', {})).toBe(true);
    expect(evaluateCondition('isNil(result)', { result: undefined })).toBe(
      true,
    );
  });

  it('reads other variables of the environment, and refuses unknown ones before running', () => {
    expect(
      evaluateCondition('result > threshold', { result: 5, threshold: 3 }),
    ).toBe(true);
    expect(() =>
      evaluateCondition('true || unknown > 1', { result: 1 }),
    ).toThrow('unknown name unknown (at line 1, column 9)');
    expect(() => evaluateCondition('let result = 1; true', {})).toThrow(
      'cannot redeclare result',
    );
  });

  it('caches parses, not outcomes', () => {
    const condition = 'result.value > 1';
    expect(evaluateCondition(condition, { result: { value: 2 } })).toBe(true);
    expect(evaluateCondition(condition, { result: { value: 0 } })).toBe(false);
    expect(() => evaluateCondition(condition, { result: 2 })).toThrow(
      'type float64[string] is undefined',
    );
    expect(evaluateCondition(condition, { result: { value: 3 } })).toBe(true);
  });
});

describe('error positions', () => {
  it.each([
    ['1 +', 1, 4, 'unexpected end of expression'],
    ['foo > 1', 1, 1, 'unknown name foo'],
    ['result )', 1, 8, 'unexpected token ")"'],
    ['1 + @', 1, 5, 'unrecognized character: U+0040 "@"'],
    ["'abc", 1, 1, 'literal not terminated'],
    [
      'result.a &&\n  result.b > 1 &&\n  result.c.d > 0',
      3,
      12,
      'cannot fetch d from float64',
    ],
    [
      '1 +\n  "x"',
      1,
      3,
      'invalid operation: + (mismatched types int and string)',
    ],
    ['len(1)', 1, 5, 'invalid argument for len (type int)'],
    ['"é" + 1', 1, 5, 'invalid operation: + (mismatched types string and int)'],
    ['[1][5]', 1, 4, 'index out of range: 5 (length 1)'],
  ])('%j fails at %i:%i with %s', (source, line, column, reason) => {
    const error = errorOf(source, { a: true, b: 2, c: 3 });
    expect(error.reason).toBe(reason);
    expect(error.position).toMatchObject({ line, column });
    expect(error.message).toBe(`${reason} (at line ${line}, column ${column})`);
  });

  it('names no position for a result of the wrong type', () => {
    expect(() => evaluateCondition('1', {})).toThrow(
      /^expected bool, but got int$/,
    );
  });
});
