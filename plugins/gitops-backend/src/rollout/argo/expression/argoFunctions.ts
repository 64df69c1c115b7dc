import { fail } from './errors';
import { brief, formatValue } from './format';
import { parseGoFloat, parseGoInt, truncateToInt64 } from './strconv';
import { type Budget, type Value, typeName } from './values';

// The functions Argo Rollouts (v1.8.3, utils/evaluate) adds to a condition's environment, with their semantics, odd
// ones included: isNil() and default() look at `result` whatever their argument is, so default(result.x, 0) is
// `result` itself once `result` is not nil. A template behaves here as it does under Argo.

export interface ArgoFunctionContext {
  result: Value;
  budget: Budget;
}

export interface ArgoFunction {
  arity: number;
  call(args: Value[], context: ArgoFunctionContext): Value;
}

/** isNaN and isInf are Go functions of a float64 (int literals of the argument are floats, see the parser). */
function float64(name: string, value: Value): number {
  if (typeof value === 'number') return value;
  return fail(
    `cannot use ${typeName(value)} as argument (type float64) to call ${name}`,
  );
}

function notSupported(name: string, value: Value, budget: Budget): never {
  const text = brief(formatValue(value, budget));
  return fail(`${name}() not supported on ${typeName(value)} ${text}`);
}

const ARGO_TABLE: Record<string, ArgoFunction> = {
  isNaN: { arity: 1, call: ([value]) => Number.isNaN(float64('isNaN', value)) },
  isInf: {
    arity: 1,
    call: ([value]) => {
      const x = float64('isInf', value);
      return x === Infinity || x === -Infinity;
    },
  },
  /** Truncates a number; parses a string as a base-10 integer, or fails with strconv's error. */
  asInt: {
    arity: 1,
    call: ([value], { budget }) => {
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number') return truncateToInt64(value);
      if (typeof value !== 'string')
        return notSupported('asInt', value, budget);
      const parsed = parseGoInt(value);
      if (typeof parsed === 'bigint') return parsed;
      return fail(
        `strconv.ParseInt: parsing ${brief(JSON.stringify(value))}: ${parsed}`,
      );
    },
  },
  /** A number as a float; parses a string ("0.95", "NaN", "+Inf"), or fails with strconv's error. */
  asFloat: {
    arity: 1,
    call: ([value], { budget }) => {
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'number') return value;
      if (typeof value !== 'string')
        return notSupported('asFloat', value, budget);
      const parsed = parseGoFloat(value);
      if (typeof parsed === 'number') return parsed;
      return fail(
        `strconv.ParseFloat: parsing ${brief(
          JSON.stringify(value),
        )}: ${parsed}`,
      );
    },
  },
  isNil: { arity: 1, call: (_, { result }) => result === null },
  default: {
    arity: 2,
    call: ([, fallback], { result }) => (result === null ? fallback : result),
  },
};

export const ARGO_FUNCTIONS: ReadonlyMap<string, ArgoFunction> = new Map(
  Object.entries(ARGO_TABLE),
);
