import { evaluateResult } from './evaluateResult';

const phase = (
  result: unknown,
  successCondition?: string,
  failureCondition?: string,
) => evaluateResult(result, { successCondition, failureCondition }).phase;

// Argo's EvaluateResult (utils/evaluate/evaluate.go) and docs/features/analysis.md, "Handling Metric Results".
describe('evaluateResult', () => {
  it('is Successful with neither condition', () => {
    expect(phase([0.1])).toBe('Successful');
  });

  it('with only a successCondition, fails when it does not hold', () => {
    expect(phase([0.97], 'result[0] >= 0.95')).toBe('Successful');
    expect(phase([0.9], 'result[0] >= 0.95')).toBe('Failed');
  });

  it('with only a failureCondition, succeeds when it does not hold', () => {
    expect(phase([12], undefined, 'result[0] >= 10')).toBe('Failed');
    expect(phase([3], undefined, 'result[0] >= 10')).toBe('Successful');
  });

  it('with both, is Inconclusive when neither holds; the failure wins when both do', () => {
    const success = 'result[0] >= 0.90';
    const failure = 'result[0] < 0.50';
    expect(phase([0.95], success, failure)).toBe('Successful');
    expect(phase([0.3], success, failure)).toBe('Failed');
    expect(phase([0.7], success, failure)).toBe('Inconclusive');
    expect(phase([1], 'true', 'true')).toBe('Failed');
  });

  it('reads NaN and infinities as the docs show', () => {
    expect(phase(NaN, 'isNaN(result) || result >= 0.95')).toBe('Successful');
    expect(phase(NaN, 'result >= 0.95', 'result < 0.95')).toBe('Inconclusive');
    expect(phase(NaN, 'result >= 0.95')).toBe('Failed');
    expect(phase(Infinity, 'result >= 0.95')).toBe('Successful');
    expect(phase(Infinity, undefined, 'isInf(result)')).toBe('Failed');
  });

  it('reads an empty vector as the docs show', () => {
    expect(phase([], 'len(result) == 0 || result[0] >= 0.95')).toBe(
      'Successful',
    );
    expect(phase([], 'len(result) > 0 && result[0] >= 0.95')).toBe('Failed');
  });

  it('reads web results: booleans, strings, maps (docs/analysis/web.md)', () => {
    expect(phase(true, 'result == true')).toBe('Successful');
    expect(phase('true', "result == 'true'")).toBe('Successful');
    expect(
      phase(
        { ok: true, successPercent: 0.95 },
        'result.ok && result.successPercent >= 0.90',
      ),
    ).toBe('Successful');
    expect(phase('0.97', 'asFloat(result) >= 0.95')).toBe('Successful');
    expect(phase(null, 'default(result, 0) < 0.05')).toBe('Successful');
  });

  it('is an Error when a condition fails to evaluate or is not boolean', () => {
    const error = evaluateResult([], { successCondition: 'result[0] >= 0.95' });
    expect(error.phase).toBe('Error');
    expect(error.error).toEqual(expect.any(String));
    expect(evaluateResult(1, { successCondition: 'result +' }).phase).toBe(
      'Error',
    );
    expect(evaluateResult(1, { successCondition: 'result' })).toEqual({
      phase: 'Error',
      error: expect.stringContaining('expected bool'),
    });
  });
});
