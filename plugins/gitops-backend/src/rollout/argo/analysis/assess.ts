import { intValue } from './intOrString';
import {
  DEFAULT_CONSECUTIVE_ERROR_LIMIT,
  effectiveCount,
  isCompleted,
  isTerminating,
  resultOf,
} from './runMetrics';
import type {
  AnalysisMetric,
  AnalysisPhase,
  AnalysisRunState,
  MetricResult,
  RunSummary,
} from './types';

/** Argo's `analysisStatusOrder`, best to worst. */
const ORDER: AnalysisPhase[] = [
  'Successful',
  'Running',
  'Pending',
  'Inconclusive',
  'Error',
  'Failed',
];

/** Argo's `IsWorse`. */
export function isWorse(current: AnalysisPhase, next: AnalysisPhase): boolean {
  return ORDER.indexOf(next) > ORDER.indexOf(current);
}

/**
 * Argo's `assessMetricFailureInconclusiveOrError`: a limit passed, and the
 * reason in Argo's words. Each limit is exceeded only when the count goes
 * past it (`failed > failureLimit`); a later check overrides an earlier one,
 * so Error wins over Inconclusive, which wins over Failed.
 */
export function assessMetricLimits(
  metric: AnalysisMetric,
  result: MetricResult,
): { phase?: AnalysisPhase; message: string } {
  let phase: AnalysisPhase | undefined;
  let message = '';
  const failureLimit = intValue(metric.failureLimit, 0);
  if (failureLimit >= 0 && result.failed > failureLimit) {
    phase = 'Failed';
    message = `failed (${result.failed}) > failureLimit (${failureLimit})`;
  }
  const inconclusiveLimit = intValue(metric.inconclusiveLimit, 0);
  if (result.inconclusive > inconclusiveLimit) {
    phase = 'Inconclusive';
    message = `inconclusive (${result.inconclusive}) > inconclusiveLimit (${inconclusiveLimit})`;
  }
  const errorLimit = intValue(
    metric.consecutiveErrorLimit,
    DEFAULT_CONSECUTIVE_ERROR_LIMIT,
  );
  if (result.consecutiveError > errorLimit) {
    phase = 'Error';
    message = `consecutiveErrors (${result.consecutiveError}) > consecutiveErrorLimit (${errorLimit})`;
  }
  return { phase, message };
}

/** Argo's `assessMetricStatus`: the phase of one metric from its counters. */
export function assessMetricStatus(
  metric: AnalysisMetric,
  result: MetricResult,
  terminating: boolean,
): AnalysisPhase {
  if (isCompleted(result.phase)) return result.phase;
  if (result.measurements.length === 0)
    return terminating ? 'Successful' : 'Pending';

  const limits = assessMetricLimits(metric, result);
  if (limits.phase) return limits.phase;

  const successLimit = intValue(metric.consecutiveSuccessLimit, 0);
  if (successLimit > 0 && result.consecutiveSuccess >= successLimit)
    return 'Successful';

  const count = effectiveCount(metric);
  if (count !== undefined && result.count >= count) {
    const failureApplicable = intValue(metric.failureLimit, 0) >= 0;
    const successApplicable = successLimit > 0;
    // Neither limit was reached above.
    if (failureApplicable && successApplicable) return 'Inconclusive';
    if (successApplicable) return 'Failed';
    return 'Successful';
  }
  // A metric that runs until terminated ends well unless a limit was passed.
  return terminating ? 'Successful' : 'Running';
}

const emptySummary = (): RunSummary => ({
  count: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
});

function tally(summary: RunSummary, phase: AnalysisPhase | undefined) {
  if (phase === 'Error') summary.error++;
  else if (phase === 'Failed') summary.failed++;
  else if (phase === 'Inconclusive') summary.inconclusive++;
  else summary.successful++;
}

/**
 * Argo's `assessRunStatus`, on a state it updates in place (metric phases
 * and messages, run and dry-run summaries): Running while a metric is,
 * otherwise the worst phase of the metrics that are not dry runs (dry runs
 * alone end Successful); when terminating, the worst so far, Successful if
 * none. The message names the worst metric and why, in Argo's words.
 */
export function assessRunStatus(
  run: AnalysisRunState,
  metrics: AnalysisMetric[],
  dryRun: Set<string>,
  terminating: boolean,
): { phase: AnalysisPhase; message: string } {
  let worst: AnalysisPhase | undefined;
  let worstMessage = run.terminate ? 'Run Terminated' : '';
  let everythingCompleted = true;
  const runSummary = emptySummary();
  const dryRunSummary = emptySummary();

  for (const metric of metrics) {
    const isDryRun = dryRun.has(metric.name);
    if (isDryRun) dryRunSummary.count++;
    else runSummary.count++;
    const result = resultOf(run, metric.name);
    if (!result) {
      // Not measured yet (an initial delay, say).
      everythingCompleted = false;
      continue;
    }
    const status = assessMetricStatus(metric, result, terminating);
    if (result.phase !== status) {
      const last = result.measurements[result.measurements.length - 1];
      if (last) result.message = last.message;
      result.phase = status;
    }
    if (!isCompleted(status)) {
      everythingCompleted = false;
      continue;
    }
    const limits = assessMetricLimits(metric, result);
    if (!isDryRun) {
      if (worst === undefined || isWorse(worst, status)) {
        worst = status;
        if (limits.message) {
          worstMessage = `Metric "${metric.name}" assessed ${status} due to ${limits.message}`;
          if (result.message)
            worstMessage += `: "Error Message: ${result.message}"`;
        }
      }
      tally(runSummary, limits.phase);
    } else {
      // A dry run's outcome never decides the run.
      if (worst === undefined) worst = 'Successful';
      if (limits.message)
        result.message = `Metric assessed ${status} due to ${limits.message}`;
      tally(dryRunSummary, limits.phase);
    }
  }
  run.runSummary = runSummary;
  run.dryRunSummary = dryRunSummary;
  worstMessage = worstMessage.trim();
  if (terminating)
    return { phase: worst ?? 'Successful', message: worstMessage };
  if (!everythingCompleted || worst === undefined)
    return { phase: 'Running', message: '' };
  return { phase: worst, message: worstMessage };
}

/**
 * Settles the run's phase as Argo's reconcile loop would: assess, and when
 * that made the run terminating (a metric failed), assess again at once, as
 * Argo's next reconcile, which the status update triggers, does.
 */
export function settleRun(
  run: AnalysisRunState,
  metrics: AnalysisMetric[],
  dryRun: Set<string>,
  now: number,
): void {
  for (let pass = 0; pass < 2; pass++) {
    const terminating = isTerminating(run);
    const { phase, message } = assessRunStatus(
      run,
      metrics,
      dryRun,
      terminating,
    );
    if (phase !== run.phase) {
      run.phase = phase;
      run.message = message || undefined;
      if (isCompleted(phase) && run.completedAt === undefined)
        run.completedAt = now;
    }
    if (isCompleted(run.phase) || terminating || !isTerminating(run)) return;
  }
}
