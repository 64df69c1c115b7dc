import { evaluateCondition } from '../expression';
import type { AnalysisMetric, MeasurementPhase } from './types';

/**
 * What a condition sees: `result`, the measured value (null when there is
 * none). Argo's helper functions (`asInt`, `asFloat`, `isNaN`, `isInf`,
 * `isNil`, `default`) are the expression language's own.
 */
export function conditionEnv(result: unknown): Record<string, unknown> {
  return { result: result === undefined ? null : result };
}

/**
 * Argo's `EvaluateResult`: the phase of one measurement from its result.
 * - neither condition: Successful;
 * - only `successCondition`: Successful when true, else Failed;
 * - only `failureCondition`: Failed when true, else Successful;
 * - both: Failed when the failure condition holds, Successful when only the
 *   success condition does, Inconclusive when neither does.
 * A condition that does not compile, fails, or is not boolean makes the
 * measurement an Error with the expression's message.
 */
export function evaluateResult(
  result: unknown,
  metric: Pick<AnalysisMetric, 'successCondition' | 'failureCondition'>,
): { phase: MeasurementPhase; error?: string } {
  const success = metric.successCondition ?? '';
  const failure = metric.failureCondition ?? '';
  let successHolds = false;
  let failureHolds = false;
  try {
    if (success !== '')
      successHolds = evaluateCondition(success, conditionEnv(result));
    if (failure !== '')
      failureHolds = evaluateCondition(failure, conditionEnv(result));
  } catch (error) {
    return { phase: 'Error', error: (error as Error).message };
  }
  if (success === '' && failure === '') return { phase: 'Successful' };
  if (success !== '' && failure === '') failureHolds = !successHolds;
  if (success === '' && failure !== '') successHolds = !failureHolds;
  if (failureHolds) return { phase: 'Failed' };
  if (!successHolds) return { phase: 'Inconclusive' };
  return { phase: 'Successful' };
}
