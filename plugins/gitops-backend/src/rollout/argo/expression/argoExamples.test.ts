import { ExpressionError, evaluateCondition } from './index';

// The conditions of Argo Rollouts v1.8.3's documentation, examples and own tests (utils/evaluate), each with a
// result of the shape its provider hands over, and the outcome Argo gives.

/** What Argo's EvaluateResult makes of a measurement with these conditions. */
function phase(
  result: unknown,
  success: string | undefined,
  failure?: string,
): 'Successful' | 'Failed' | 'Inconclusive' | 'Error' {
  try {
    const succeeded = success ? evaluateCondition(success, { result }) : false;
    const failed = failure ? evaluateCondition(failure, { result }) : false;
    if (!success && !failure) return 'Successful';
    if (failed || (success && !failure && !succeeded)) return 'Failed';
    if (!success) return 'Successful';
    return succeeded ? 'Successful' : 'Inconclusive';
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return 'Error';
  }
}

describe('Argo Rollouts documentation conditions', () => {
  it.each([
    // Prometheus: an instant vector is an array of floats, a scalar a float
    ['result[0] >= 0.95', [0.97], true],
    ['result[0] >= 0.95', [0.9], false],
    ['result[0] <= 0.95', [0.5], true],
    ['result[0] >= 0.90', [0.9], true],
    ['result[0] >= 0.99', [0.98], false],
    ['result[0] <= 0.01', [0.001], true],
    ['result[0] >= 10', [12], true],
    ['result[0] < 0.50', [0.7], false],
    ['result >= 0.95', 0.96, true],
    ['result <= 0.01', 0.5, false],
    ['result < 0.95', 0.5, true],
    ['len(result) > 0 && result[0] >= 0.95', [0.97], true],
    ['len(result) > 0 && result[0] >= 0.95', [], false],
    ['len(result) == 0 || result[0] >= 0.95', [], true],
    ['len(result) == 0 || result[0] >= 0.95', [0.2], false],
    ['len(result) > 0 && result[0] < 0.01', [0.001], true],
    ['all(result, {# < 500})', [120, 499.9], true],
    ['all(result, {# < 500})', [120, 501], false],
    ['all(result, # < 1000)', [999], true],
    ['isNaN(result) || result >= 0.95', NaN, true],
    ['isNaN(result) || result >= 0.95', 0.5, false],
    ['result >= 0.95', Infinity, true],
    ['isInf(result)', Infinity, true],
    ['isInf(result)', -Infinity, true],
    ['isInf(result)', 1e308, false],
    // Datadog hands over nil when a query has no points
    ['default(result, 0) < 0.05', null, true],
    ['default(result, 0) < 0.05', 0.07, false],
    ['default(result, 0) < 10', 3, true],
    ['default(result, 0) < 5', undefined, true],
    ['default(result, 0) > 3', 4, true],
    ['default(result, 0) >= 0.9', null, false],
    // Web: JSON, or a string
    ['result == true', true, true],
    ['result == false', true, false],
    ["result == 'true'", 'true', true],
    ["result == 'It worked!'", 'It worked!', true],
    ["result.major == '1'", { major: '1', minor: '30' }, true],
    [
      'result.ok && result.successPercent >= 0.90',
      { ok: true, successPercent: 0.95 },
      true,
    ],
    [
      'result.ok && result.successPercent >= 0.90',
      { ok: false, successPercent: 0.95 },
      false,
    ],
    ['result.successRate >= 0.95', { successRate: 0.97 }, true],
    ['result.status == "success"', { status: 'success' }, true],
    ['result.status == "failure"', { status: 'success' }, false],
    ['result.successful == true', { successful: true }, true],
    ['asInt(result) > 1', '2', true],
    ['asInt(result) == 1', '1', true],
    ['asInt(result) == 1', 1, true],
    ['asInt(result) == 1', 1.123, true],
    ['asFloat(result) == 1.1', '1.1', true],
    ['asFloat(result) >= 1.1', '1.1', true],
    ['asFloat(result) == 1', 1, true],
    // CloudWatch: MetricDataResults
    [
      'len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})',
      [{ Values: [0, 0.001, 0.002, 0.01, 0.005] }],
      true,
    ],
    [
      'len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})',
      [{ Values: [0] }],
      false,
    ],
    // SkyWalking
    [
      'all(result.service_apdex.values.values, {asFloat(.value) >= 9900})',
      {
        service_apdex: {
          values: { values: [{ value: '9950' }, { value: '9999' }] },
        },
      },
      true,
    ],
    [
      'all(result.service_apdex.values.values, {# > 1})',
      { service_apdex: { label: null, values: { values: [2, 2] } } },
      true,
    ],
    ['2 in result', [2, 2], true],
    ['result > 1', 5, true],
    ['true', true, true],
    ['false', true, false],
  ])('%s with result %p is %p', (condition, result, expected) => {
    expect(evaluateCondition(condition, { result })).toBe(expected);
  });

  it.each([
    ['1', true, 'expected bool, but got int'],
    ['invalidVariable', true, 'unknown name invalidVariable'],
    ['a == true', true, 'unknown name a'],
    ["result.Name() == 'hi'", true, 'type bool[string] is undefined'],
    [
      'asInt(result) == 1.1',
      '1.1',
      'strconv.ParseInt: parsing "1.1": invalid syntax',
    ],
    [
      'asFloat(result) == 1.1',
      'NotANum',
      'strconv.ParseFloat: parsing "NotANum": invalid syntax',
    ],
    [
      'asFloat(result) == "1.1"',
      '1.1',
      'invalid operation: == (mismatched types float64 and string)',
    ],
    // Datadog's empty result without default(): the documented error
    [
      'result < 0.05',
      null,
      'invalid operation: < (mismatched types <nil> and float64)',
    ],
    // graphite.md's typo
    ['results[0] >= 90.000000', [95], 'unknown name results'],
  ])('%s with result %p is the error %p', (condition, result, message) => {
    expect(() => evaluateCondition(condition, { result })).toThrow(
      ExpressionError,
    );
    expect(() => evaluateCondition(condition, { result })).toThrow(message);
  });

  it('follows the documented NaN, infinity and empty-result outcomes', () => {
    // docs/features/analysis.md, "Handling Metric Results"
    expect(phase(NaN, 'isNaN(result) || result >= 0.95')).toBe('Successful');
    expect(phase(NaN, 'result >= 0.95', 'result < 0.95')).toBe('Inconclusive');
    expect(phase(NaN, 'result >= 0.95')).toBe('Failed');
    expect(phase(Infinity, 'result >= 0.95')).toBe('Successful');
    expect(phase(Infinity, undefined, 'isInf(result)')).toBe('Failed');
    expect(phase([], 'len(result) == 0 || result[0] >= 0.95')).toBe(
      'Successful',
    );
    expect(phase([], 'len(result) > 0 && result[0] >= 0.95')).toBe('Failed');
    expect(phase(null, 'result < 0.05')).toBe('Error');
    expect(phase(null, 'default(result, 0) < 0.05')).toBe('Successful');
  });

  it("keeps Argo's isNil() and default(), which look at result whatever their argument", () => {
    expect(evaluateCondition('isNil(result)', { result: null })).toBe(true);
    expect(evaluateCondition('isNil(result)', {})).toBe(true);
    expect(evaluateCondition('isNil(1)', { result: null })).toBe(true);
    expect(evaluateCondition('isNil(nil)', { result: 0 })).toBe(false);
    expect(evaluateCondition('isNil(result)', { result: [] })).toBe(false);
    // default(x, fallback) is result when result is not nil, not x
    expect(
      evaluateCondition('default(result.x, 0) == result', {
        result: { x: null },
      }),
    ).toBe(true);
    expect(evaluateCondition('default(nil, 5) == 5', { result: null })).toBe(
      true,
    );
  });

  it('errors, as Argo does, when a guard cannot save a condition its types already rule out', () => {
    // Argo types `result` by its value before running: nil has no index, even behind ||.
    expect(() =>
      evaluateCondition('isNil(result) || result[0] > 1', { result: null }),
    ).toThrow('type <nil>[int] is undefined');
    expect(() =>
      evaluateCondition("result == 'true'", { result: true }),
    ).toThrow('invalid operation: == (mismatched types bool and string)');
    // Read out of a JSON map, a value is interface {} and compares at run time.
    expect(
      evaluateCondition("result.ok == 'true'", { result: { ok: true } }),
    ).toBe(false);
  });
});
