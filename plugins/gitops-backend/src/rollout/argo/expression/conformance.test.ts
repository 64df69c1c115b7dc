import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toExpressionError } from './errors';
import { evaluateParsed } from './evaluate';
import { formatValue } from './format';
import { ExpressionError, compileExpression, evaluateCondition } from './index';
import { parse } from './parser';
import { Budget, typeName } from './values';

// The same expressions, with the same results, as under Argo Rollouts v1.8.3: the fixture holds what expr v1.15.5
// answered (see its "about"), from curated probes of every operator, builtin and error, and random expressions.

interface Case {
  expr: string;
  result?: unknown;
  condition?: boolean;
  type?: string;
  value?: string;
  error?: string | null;
}

const fixture: { cases: Case[] } = JSON.parse(
  readFileSync(join(__dirname, '__fixtures__', 'expr-v1.15.5.json'), 'utf8'),
);

/** Go's %T, less the detail this evaluator does not keep: []int and []string are arrays, int64 an int. */
function simpleType(name: string): string {
  if (name.startsWith('[]')) return 'array';
  return name.startsWith('map[') ? 'map' : name;
}

function outcome(test: Case): Partial<Case> {
  const env = 'result' in test ? { result: test.result } : {};
  try {
    if (test.condition)
      return { type: 'bool', value: String(evaluateCondition(test.expr, env)) };
    const value = evaluateParsed(parse(test.expr), env);
    return {
      type: simpleType(typeName(value)),
      value: formatValue(value, new Budget()),
    };
  } catch (error) {
    return { error: toExpressionError(error, test.expr).reason };
  }
}

describe('conformance with expr v1.15.5 under Argo Rollouts v1.8.3', () => {
  it.each(
    fixture.cases.map(test => [
      test.expr,
      'result' in test ? JSON.stringify(test.result) : '-',
      test,
    ]),
  )('%s with result %s', (_expr, _result, test) => {
    const { type, value, error } = test as Case;
    const actual = outcome(test as Case);
    // null: an error too, in words of this evaluator's own
    const expected =
      error === undefined
        ? { type, value }
        : { error: error ?? actual.error ?? 'an error' };
    expect(actual).toEqual(expected);
  });
});

describe('known differences from expr v1.15.5', () => {
  const run = (source: string, result?: unknown) =>
    compileExpression(source).evaluate({ result });

  it('keeps the `not` of `not in` after an operator that binds tighter, which v1.15.5 drops (fixed in expr 1.16)', () => {
    expect(run('1 + 2 not in [3]')).toBe(false); // v1.15.5: true
    expect(run('-1 not in [1]')).toBe(true); // v1.15.5: false
  });

  it('types arrays of the environment as []interface {}, so elements of a []float64 are not checked before running', () => {
    // Argo hands Prometheus vectors over as []float64, whose elements its checker types: this is an error there.
    expect(evaluateCondition("result[0] == 'true'", { result: [0.5] })).toBe(
      false,
    );
  });

  it('gives a byte of a string as an int, not a uint8', () => {
    expect(run('type(result.s[0])', { s: 'abc' })).toBe('int'); // v1.15.5: uint
  });

  it('compares a range with an equal array literal as equal', () => {
    expect(run('1..3 == [1, 2, 3]')).toBe(true); // v1.15.5: false, []int is not []interface {}
  });

  it('counts building a range against the step budget', () => {
    expect(() => run('len(1..1000000)')).toThrow(ExpressionError); // v1.15.5: 1000000
  });

  it('refuses the builtins of time, groupBy() and toJSON()', () => {
    for (const source of [
      'now()',
      'duration("1h")',
      'date("2024-01-01")',
      'groupBy([1], #)',
      'toJSON(1)',
    ]) {
      expect(() => compileExpression(source)).toThrow(
        /^builtin \w+ is not supported/,
      );
    }
  });

  it('keeps map keys strings', () => {
    expect(() => run('fromPairs([[1, 2]])')).toThrow(
      'fromPairs: key must be a string, not int',
    );
  });

  it('walks arrays only in predicates, not the bytes of a string', () => {
    expect(() => run('all(result.s, # > 0)', { s: 'xy' })).toThrow(
      'builtin all takes only array (got string)',
    );
  });
});
