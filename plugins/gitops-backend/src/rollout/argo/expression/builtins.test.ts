import { ExpressionError, compileExpression } from './index';

const run = (source: string, result?: unknown) =>
  compileExpression(source).evaluate({ result });

function reasonOf(source: string, result?: unknown): string {
  try {
    run(source, result);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return (error as ExpressionError).reason;
  }
  throw new Error(`${source} did not fail`);
}

describe("expr's builtins", () => {
  it.each([
    // sizes and types
    ['len([1, 2])', 2],
    ['len({a: 1})', 1],
    ["len('héllo')", 6], // UTF-8 bytes, as in Go
    ['type(1)', 'int'],
    ['type(1.5)', 'float'],
    ["type('')", 'string'],
    ['type(nil)', 'nil'],
    ['type([])', 'array'],
    ['type({})', 'map'],
    // numbers
    ['abs(-2)', 2],
    ['abs(-2.5)', 2.5],
    ['ceil(1.2)', 2],
    ['floor(-1.2)', -2],
    ['round(2.5)', 3],
    ['round(-2.5)', -3], // half away from zero, as Go's math.Round
    ['int(1.9)', 1],
    ['int(-1.9)', -1],
    ["int('-12')", -12],
    ['float(3)', 3],
    ["float('1e3')", 1000],
    ["float('inf')", Infinity],
    ['max(1, 2.5, 2)', 2.5],
    ['min(3, 1, 2)', 1],
    ['sum([1, 2, 3])', 6],
    ['sum([1, 2.5])', 3.5],
    ['sum([])', 0],
    ['mean([1, 2, 4])', 7 / 3],
    ['mean([])', 0],
    ['median([3, 1, 2])', 2],
    ['median([1, 2, 3, 4])', 2.5],
    // strings
    ['string(1.5)', '1.5'],
    ['string(1e6)', '1e+06'], // Go's %v of a float
    ['string(1000000)', '1000000'],
    ['string(0.00001)', '1e-05'],
    ['string(nil)', '<nil>'],
    ["string([1, 'a', nil, {b: true}])", '[1 a <nil> map[b:true]]'],
    ["upper('straße')", 'STRAßE'], // one code point at a time, as Go
    ["lower('ÀÉ')", 'àé'],
    ["trim('  x \\n')", 'x'],
    ["trim('__x__', '_')", 'x'],
    ["trimPrefix('hello', 'he')", 'llo'],
    ["trimSuffix('hello', 'lo')", 'hel'],
    ["split('a,b,,c', ',')", ['a', 'b', '', 'c']],
    ["split('a,b,c', ',', 2)", ['a', 'b,c']],
    ["split('abc', '')", ['a', 'b', 'c']],
    ["splitAfter('a,b', ',')", ['a,', 'b']],
    ["replace('aaa', 'a', 'b')", 'bbb'],
    ["replace('aaa', 'a', 'b', 2)", 'bba'],
    ["replace('ab', '', '-')", '-a-b-'],
    ["repeat('ab', 2)", 'abab'],
    ["join(['a', 'b'], '-')", 'a-b'],
    ["join(['a', 'b'])", 'ab'],
    ["indexOf('héllo', 'l')", 3], // a byte offset
    ["lastIndexOf('abcabc', 'bc')", 4],
    ["hasPrefix('abc', 'ab')", true],
    ["hasSuffix('abc', 'bc')", true],
    ["toBase64('hello')", 'aGVsbG8='],
    ["fromBase64('aGVsbG8=')", 'hello'],
    // arrays and maps
    ['first([1, 2])', 1],
    ['last([1, 2])', 2],
    ['first([])', null],
    ['get([1, 2], -1)', 2],
    ['get([1, 2], 5)', null],
    ["get({a: 1}, 'b')", null],
    ['take([1, 2, 3], 2)', [1, 2]],
    ['take([1, 2, 3], 5)', [1, 2, 3]],
    ['keys({a: 1})', ['a']],
    ['values({a: 1})', [1]],
    ['toPairs({a: 1})', [['a', 1]]],
    ["fromPairs([['a', 1]]).a", 1],
    ['sort([3, 1, 2])', [1, 2, 3]],
    ["sort(['b', 'a'], 'desc')", ['b', 'a']],
    ["sortBy([{a: 2}, {a: 1}], 'a')[0].a", 1],
    ['fromJSON(\'{"a": [1, 2.5]}\').a[1]', 2.5],
  ])('%s is %p', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('reads the environment through the same builtins', () => {
    const result = { values: [0.5, 0.75, 1], name: ' api ' };
    expect(run('mean(result.values)', result)).toBe(0.75);
    expect(run('max(result.values[0], result.values[2])', result)).toBe(1);
    expect(run("trim(result.name) == 'api'", result)).toBe(true);
    expect(run('len(result.values) == 3', result)).toBe(true);
    expect(run('first(result.values) < last(result.values)', result)).toBe(
      true,
    );
  });

  it.each([
    ['len(1)', 'invalid argument for len (type int)'],
    ['len(result)', 'invalid argument for len (type <nil>)'],
    ["abs('x')", 'invalid argument for abs (type string)'],
    ["int('1.5')", 'invalid operation: int(1.5)'],
    ["float('x')", 'invalid operation: float(x)'],
    ['max()', 'not enough arguments to call max'],
    ["max(1, 'a')", 'invalid argument for max (type string)'],
    ["sum(['a'])", 'cannot sum string'],
    ['upper(1)', 'cannot use int as argument (type string) to call upper'],
    ['upper()', 'not enough arguments to call upper'],
    ["upper('a', 'b')", 'too many arguments to call upper'],
    ["repeat('a', -1)", 'strings: negative Repeat count'],
    ["join(['a', 1])", 'cannot join int: elements must be strings'],
    ['first(1)', 'cannot get first element from int'],
    ['get(1, 0)', 'type int does not support indexing'],
    ['take([1], 1.5)', 'cannot take float64 elements'],
    ['keys([1])', 'cannot get keys from []interface {}'],
    ["sort([1, 'a'])", 'cannot sort array of different types (string and int)'],
    [
      "sort([1], 'up')",
      'invalid argument for sort (expected "asc" or "desc", got "up")',
    ],
    ["fromBase64('!!')", 'illegal base64 data at input byte 0'],
    ['now()', 'builtin now is not supported'],
  ])('%s fails: %s', (source, reason) => {
    expect(reasonOf(source, null)).toBe(reason);
  });
});

describe("Argo's functions", () => {
  it.each([
    ['isNaN(result)', NaN, true],
    ['isNaN(result)', 1, false],
    ['isNaN(1)', 1, false],
    ['isInf(result)', -Infinity, true],
    ['isInf(1 / 0)', 1, true],
    ['asInt(result)', '42', 42],
    ['asInt(result)', '+5', 5],
    ['asInt(result)', 1.9, 1],
    ['asInt(result)', -1.9, -1],
    ['asFloat(result)', '0.95', 0.95],
    ['asFloat(result)', '1_000.5', 1000.5],
    ['asFloat(result)', '0x1p-2', 0.25],
    ['asFloat(result)', '.5', 0.5],
    ['asFloat(result)', '+Inf', Infinity],
    ['asFloat(result)', 'infinity', Infinity],
    ['asFloat(result)', '1e-400', 0],
    ['isNil(result)', null, true],
    ['isNil(result)', 0, false],
    ['default(result, 7)', null, 7],
    ['default(result, 7)', 3, 3],
    ['$env.asInt("3")', null, 3],
  ])('%s with result %p is %p', (source, result, expected) => {
    expect(run(source, result)).toEqual(expected);
  });

  it('parses NaN, which is not equal to itself', () => {
    expect(run('asFloat(result)', 'NaN')).toBeNaN();
  });

  it.each([
    ['asInt(result)', '1.5', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    ['asInt(result)', '', 'strconv.ParseInt: parsing "": invalid syntax'],
    [
      'asInt(result)',
      '0x10',
      'strconv.ParseInt: parsing "0x10": invalid syntax',
    ],
    [
      'asInt(result)',
      '99999999999999999999',
      'strconv.ParseInt: parsing "99999999999999999999": value out of range',
    ],
    ['asInt(result)', true, 'asInt() not supported on bool true'],
    ['asInt(result)', null, 'asInt() not supported on <nil> <nil>'],
    [
      'asFloat(result)',
      ' 1',
      'strconv.ParseFloat: parsing " 1": invalid syntax',
    ],
    [
      'asFloat(result)',
      '+NaN',
      'strconv.ParseFloat: parsing "+NaN": invalid syntax',
    ],
    [
      'asFloat(result)',
      '1e400',
      'strconv.ParseFloat: parsing "1e400": value out of range',
    ],
    ['asFloat(result)', [1], 'asFloat() not supported on []interface {} [1]'],
    [
      'isNaN(result)',
      null,
      'cannot use <nil> as argument (type float64) to call isNaN',
    ],
    [
      'isNaN(result)',
      'x',
      'cannot use string as argument (type float64) to call isNaN',
    ],
    [
      'isNaN(len([]))',
      null,
      'cannot use int as argument (type float64) to call isNaN',
    ],
    ['isNil()', null, 'not enough arguments to call isNil'],
    ['default(result)', null, 'not enough arguments to call default'],
    ['isNaN', null, 'isNaN is a function: call it, as in isNaN(…)'],
  ])('%s with result %p fails: %s', (source, result, reason) => {
    expect(reasonOf(source, result)).toBe(reason);
  });
});
