import { ExpressionError, toExpressionError } from './errors';
import { evaluateParsed } from './evaluate';
import { type ParsedExpression, parse } from './parser';
import { type Value, toPublic, typeName } from './values';

// Argo Rollouts' analysis conditions (`successCondition: result[0] >= 0.95`) in the language of expr v1.15.5, the
// version Argo Rollouts v1.8.3 uses, with the functions Argo adds (isNaN, isInf, isNil, asInt, asFloat, default).
// Hand-written and sandboxed: no eval, pure functions, and bounded in length, depth, steps and memory.

export { ExpressionError } from './errors';
export type { SourcePosition } from './errors';

export interface CompiledExpression {
  /**
   * Evaluates against `env`, in which `result` is nil when absent; throws ExpressionError. Ints come back as
   * numbers; arrays and maps the expression built have no prototype.
   */
  evaluate(env: Record<string, unknown>): unknown;
}

class Expression implements CompiledExpression {
  constructor(
    private readonly source: string,
    private readonly parsed: ParsedExpression,
  ) {}

  /** The value in the language's own terms (ints are bigints). */
  evaluateValue(env: Record<string, unknown>): Value {
    try {
      return evaluateParsed(this.parsed, env);
    } catch (error) {
      throw toExpressionError(error, this.source);
    }
  }

  evaluate(env: Record<string, unknown>): unknown {
    const value = this.evaluateValue(env);
    try {
      return toPublic(value);
    } catch (error) {
      throw toExpressionError(error, this.source);
    }
  }
}

function compile(source: string): Expression {
  try {
    return new Expression(source, parse(source));
  } catch (error) {
    throw toExpressionError(error, source);
  }
}

/** Parses once (cacheable); throws ExpressionError on syntax errors. */
export function compileExpression(source: string): CompiledExpression {
  return compile(source);
}

/** Conditions are evaluated again at every interval of every analysis; keep the parses of recent ones. */
const CACHE_SIZE = 256;
const cache = new Map<string, Expression>();

function cachedCompile(source: string): Expression {
  let expression = cache.get(source);
  if (!expression) {
    expression = compile(source);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, expression);
  }
  return expression;
}

/** Argo's condition check: true/false, or throws ExpressionError (syntax, runtime, or non-boolean result). */
export function evaluateCondition(
  source: string,
  env: Record<string, unknown>,
): boolean {
  const output = cachedCompile(source).evaluateValue(env);
  if (typeof output !== 'boolean')
    throw new ExpressionError(`expected bool, but got ${typeName(output)}`);
  return output;
}
