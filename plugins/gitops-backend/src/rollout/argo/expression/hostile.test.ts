import fc from 'fast-check';
import { ExpressionError, compileExpression, evaluateCondition } from './index';
import { MAX_DEPTH, MAX_SOURCE_LENGTH } from './limits';

// Conditions come from AnalysisTemplates anyone with access to a namespace can write, and results from whatever a
// metrics endpoint answers: neither may hang, exhaust or escape the engine.

const run = (source: string, result?: unknown) =>
  compileExpression(source).evaluate({ result });

function failure(action: () => unknown): ExpressionError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error('did not fail');
}

/** The message of the ExpressionError `action` throws, and how long it took to throw it. */
function refusal(action: () => unknown): { message: string; ms: number } {
  const started = Date.now();
  const { message } = failure(action);
  return { message, ms: Date.now() - started };
}

/** A time no real condition needs, however slow the machine. */
const QUICKLY = 2000;

/** What running `action` came to: a value, an ExpressionError, or anything else. */
function outcomeOf(action: () => unknown): string {
  try {
    action();
    return 'value';
  } catch (error) {
    const expected =
      error instanceof ExpressionError && !/internal error/.test(error.message);
    return expected ? 'ExpressionError' : String(error);
  }
}

const nested = (depth: number) => `${'('.repeat(depth)}1${')'.repeat(depth)}`;

describe('size and nesting', () => {
  it(`takes up to ${MAX_SOURCE_LENGTH} characters`, () => {
    expect(run(`1${' '.repeat(MAX_SOURCE_LENGTH - 1)}`)).toBe(1);
    expect(
      failure(() => run(`1${' '.repeat(MAX_SOURCE_LENGTH)}`)).message,
    ).toBe(`expression is longer than ${MAX_SOURCE_LENGTH} characters`);
  });

  it.each([
    ['parentheses', nested(2000)],
    ['unary operators', `${'-'.repeat(4000)}1`],
    ['negations', `${'!'.repeat(4000)}true`],
    ['arrays', `${'['.repeat(2000)}${']'.repeat(2000)}`],
    ['maps', `${'{a:'.repeat(1000)}1${'}'.repeat(1000)}`],
    ['a left-associative chain', `1${' + 1'.repeat(1000)}`],
    ['a right-associative chain', `2${' ** 2'.repeat(600)}`],
    ['ternaries', `${'true ? '.repeat(300)}1${' : 2'.repeat(300)}`],
    ['closures', `${'all([1], '.repeat(400)}true${')'.repeat(400)}`],
    ['member accesses', `result${'.a'.repeat(1500)}`],
  ])('refuses %s nested deeper than the limit', (_what, source) => {
    const { message, ms } = refusal(() => compileExpression(source));
    expect(message).toMatch(/nested more than 100 levels deep/);
    expect(ms).toBeLessThan(QUICKLY);
  });

  it('types and evaluates each node once, however often a `let` or `in` reads it', () => {
    const lets = Array.from(
      { length: 90 },
      (_, i) => `let v${i + 1} = v${i} + v${i};`,
    ).join(' ');
    const doubling = `let v0 = 1; ${lets} v90 > 0`;
    let nestedIn = 'true';
    for (let i = 0; i < 40; i++) nestedIn = `result in [${nestedIn}]`;
    const started = Date.now();
    expect(evaluateCondition(doubling, {})).toBe(false); // 2^90 wraps around to 0
    expect(evaluateCondition(nestedIn, { result: true })).toBe(true);
    expect(Date.now() - started).toBeLessThan(QUICKLY);
  });

  it('parses what nests up to the limit', () => {
    expect(run(nested(MAX_DEPTH - 2))).toBe(1);
    expect(run(`1${' + 1'.repeat(MAX_DEPTH - 2)}`)).toBe(MAX_DEPTH - 1);
  });
});

describe('time and memory', () => {
  it.each([
    [
      'a long walk',
      'all(result, # >= 0)',
      Array.from({ length: 100_000 }, () => 1),
    ],
    [
      'nested walks',
      'all(result, all(result, all(result, true)))',
      Array.from({ length: 100 }, () => 1),
    ],
    [
      'a reduction',
      'reduce(result, #acc + #, 0) > 0',
      Array.from({ length: 100_000 }, () => 1),
    ],
    [
      'sorting',
      'len(sort(result)) > 0',
      Array.from({ length: 200_000 }, (_, i) => -i),
    ],
    [
      'formatting',
      'len(string(result)) > 0',
      Array.from({ length: 200_000 }, (_, i) => i / 3),
    ],
  ])('stops %s at the step budget', (_what, source, result) => {
    const { message, ms } = refusal(() => run(source, result));
    expect(message).toMatch(/evaluation exceeded its budget of \d+ steps/);
    expect(ms).toBeLessThan(QUICKLY);
  });

  it.each([
    ['a long range', 'len(1..100000000)'],
    ['a long string', "len(repeat('x', 600000) + repeat('x', 600000))"],
    ['repeat beyond its limit', "repeat('x', 2000000)"],
    ['nested maps of ranges', 'map(1..1000, map(1..1000, #))'],
    ['nested ranges', 'len(map(1..1000, 1..1000))'],
  ])('stops %s at the memory budget', (_what, source) => {
    const { message, ms } = refusal(() => run(source));
    expect(message).toMatch(/memory budget exceeded|exceeded its budget/);
    expect(ms).toBeLessThan(QUICKLY);
  });

  it('charges walking a long string of the result, once or over and over', () => {
    const body = 'x'.repeat(10_000_000);
    expect(run('result contains "ok"', body)).toBe(false);
    for (const source of [
      'all(1..1000, upper(result) != "")',
      'all(1..1000, len(result) > 0)',
      'all(1..1000, result.s[0] > 0)',
      'all(1..1000, result != "y")',
    ]) {
      const { message, ms } = refusal(() =>
        run(source, source.includes('.s') ? { s: body } : body),
      );
      expect(message).toMatch(/exceeded its budget/);
      expect(ms).toBeLessThan(QUICKLY);
    }
  });

  it('keeps error messages short, however long the result', () => {
    const body = 'y'.repeat(1_000_000);
    for (const source of [
      'asFloat(result)',
      'asInt(result)',
      'int(result)',
      'float(result)',
      '{}[result] > 1',
    ]) {
      expect(failure(() => run(source, body)).message.length).toBeLessThan(200);
    }
    expect(
      failure(() => run('asInt(result)', [body])).message.length,
    ).toBeLessThan(200);
  });

  it('runs a predicate over a range query of 11,000 points, the most Prometheus returns', () => {
    const points = Array.from({ length: 11_000 }, (_, i) => (i % 100) / 100);
    expect(
      evaluateCondition('all(result, {# < 1}) && len(result) == 11000', {
        result: points,
      }),
    ).toBe(true);
  });

  it('matches in linear time, whatever the pattern', () => {
    const started = Date.now();
    expect(run('result matches "(a+)+$"', `${'a'.repeat(100_000)}!`)).toBe(
      false,
    );
    expect(run('result matches "^(a|aa)*$"', `${'a'.repeat(50_000)}b`)).toBe(
      false,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    [
      'written',
      () => compileExpression(`result matches "${'\\\\pL{1000}'.repeat(10)}"`),
    ],
    [
      'read from the result',
      () =>
        run('result.text matches result.pattern', {
          text: 'x',
          pattern: '(?:x{31}){31}'.repeat(50),
        }),
    ],
  ])('refuses patterns that repetition makes huge, %s', (_where, action) => {
    const { message, ms } = refusal(action);
    expect(message).toMatch(/regular expression is too large/);
    expect(ms).toBeLessThan(QUICKLY);
  });

  it('refuses patterns longer than a condition', () => {
    const { message } = refusal(() =>
      run('result.text matches result.pattern', {
        text: 'x',
        pattern: 'x'.repeat(10_000),
      }),
    );
    expect(message).toMatch(
      /regular expression is longer than 4096 characters/,
    );
  });

  it('charges a large pattern over a long text to the step budget', () => {
    const { message, ms } = refusal(() =>
      run('result matches "\\\\pL{1000}"', 'x'.repeat(5000)),
    );
    expect(message).toMatch(/exceeded its budget/);
    expect(ms).toBeLessThan(QUICKLY);
  });
});

describe('no way out of the sandbox', () => {
  it.each([
    ['result.constructor', {}],
    ['result.__proto__', {}],
    ['result["constructor"]', {}],
    ['result.toString', {}],
    ['result.hasOwnProperty', {}],
    ['result?.valueOf', {}],
    ['result.a.constructor', { a: {} }],
    ['{}.constructor', null],
    ['{}["__proto__"]', null],
    ['fromJSON("{}").constructor', null],
  ])('%s is nil', (source, result) => {
    expect(run(source, result)).toBeNull();
  });

  it.each([
    ['constructor', 'unknown name constructor', {}],
    ['__proto__', 'unknown name __proto__', {}],
    ['$env.constructor', 'unknown name constructor', {}],
    ['$env.__proto__', 'unknown name __proto__', {}],
    ['result.constructor.name', 'cannot fetch name from <nil>', {}],
    ['result.constructor("return process")', '<nil> is not callable', {}],
    ['result.constructor("return process")()', 'unexpected token "("', {}],
    [
      'result.length',
      'array elements can only be selected using an integer (got string)',
      [],
    ],
    [
      'result.list.constructor',
      'array elements can only be selected using an integer (got string)',
      { list: [] },
    ],
    ['"abc".length', 'unexpected token "."', {}],
    ['this', 'unknown name this', {}],
    ['globalThis', 'unknown name globalThis', {}],
    ['process', 'unknown name process', {}],
    ['require("fs")', 'unknown name require', {}],
    ['eval("1")', 'unknown name eval', {}],
    ['Function("return 1")', 'unknown name Function', {}],
  ])('%s fails: %s', (source, reason, result) => {
    expect(failure(() => run(source, result)).reason).toBe(reason);
  });

  it('keeps __proto__ a plain key, and pollutes no prototype', () => {
    expect(run('{__proto__: 1}.__proto__')).toBe(1);
    expect(
      run('fromJSON(\'{"__proto__": {"polluted": 1}}\').__proto__.polluted'),
    ).toBe(1);
    expect(run('keys(fromPairs([["__proto__", 1]]))')).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(run('result.__proto__', JSON.parse('{"__proto__": 5}'))).toBe(5);
  });

  it('never runs code of the environment: getters, functions, class instances', () => {
    const getter = jest.fn(() => 1);
    const result = Object.defineProperty({ plain: 1 }, 'computed', {
      get: getter,
      enumerable: true,
    });
    expect(run('result.computed', result)).toBeNull();
    expect(run('keys(result)', result)).toEqual(['plain']);
    expect(getter).not.toHaveBeenCalled();
    expect(failure(() => run('result', () => 1)).reason).toBe(
      'unsupported value in the environment: a function',
    );
    expect(failure(() => run('result.x', new Date())).reason).toMatch(
      /unsupported value in the environment/,
    );
    expect(failure(() => run('result', new Map())).reason).toMatch(
      /unsupported value in the environment/,
    );
    expect(failure(() => run('result', Symbol('s'))).reason).toBe(
      'unsupported value in the environment: a symbol',
    );
    expect(failure(() => run('result', 2n ** 64n)).reason).toBe(
      'integer in the environment does not fit in 64 bits',
    );
    // what the expression does not read is not inspected
    expect(run('result.plain', { plain: 1, other: () => 1 })).toBe(1);
  });

  it('refuses results nested deeper than any real one, without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(failure(() => run('string(result)', deep)).reason).toMatch(
      /nested more than 100 levels/,
    );
    const twin = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(
      failure(() =>
        compileExpression('result == twin').evaluate({ result: deep, twin }),
      ).reason,
    ).toMatch(/nested more than 100 levels/);
    expect(run('len(result)', deep)).toBe(1);
  });

  it('only throws ExpressionError, on any sequence of tokens', () => {
    const tokens = [
      'result',
      '1',
      '0.5',
      "'a'",
      'nil',
      'true',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      '.',
      '?.',
      '?',
      '??',
      '+',
      '-',
      '*',
      '/',
      '%',
      '**',
      '==',
      '<',
      '>=',
      '&&',
      '||',
      'not',
      'in',
      'matches',
      '..',
      '#',
      '#index',
      '|',
      'all',
      'map',
      'len',
      'asInt',
      'default',
      'let',
      'x',
      '=',
      ';',
      '$env',
      'constructor',
      '__proto__',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...tokens), { maxLength: 24 }),
        fc.jsonValue({ maxDepth: 3 }),
        (words, result) => {
          expect(
            outcomeOf(() => evaluateCondition(words.join(' '), { result })),
          ).toMatch(/^(value|ExpressionError)$/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('only throws ExpressionError, on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), text => {
        expect(
          outcomeOf(() =>
            compileExpression(text).evaluate({ result: [1, 'a', { b: null }] }),
          ),
        ).toMatch(/^(value|ExpressionError)$/);
      }),
      { numRuns: 3000 },
    );
  });
});
