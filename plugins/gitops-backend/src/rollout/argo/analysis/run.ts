import { argValues, secretValues } from './args';
import { settleRun } from './assess';
import { evaluateResult } from './evaluateResult';
import {
  dryRunMetrics,
  effectiveCount,
  isCompleted,
  resolveRunMetrics,
  resultOf,
  retentionLimits,
} from './runMetrics';
import { maskSecrets, resolveMetric } from './substitute';
import { validateMetrics } from './validateMetric';
import type {
  AnalysisMetric,
  AnalysisRunSpec,
  AnalysisRunState,
  ArgValues,
  Measurement,
  MeasurementOutcome,
  MetricResult,
} from './types';

const MASK = '*****';

const zero = () => ({
  count: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
});

function copy(run: AnalysisRunState): AnalysisRunState {
  return structuredClone(run);
}

/** The run as Argo leaves one it cannot go on with: Error, with why. */
export function failAnalysisRun(
  run: AnalysisRunState,
  message: string,
  now: number,
): AnalysisRunState {
  if (isCompleted(run.phase)) return run;
  return { ...copy(run), phase: 'Error', message, completedAt: now };
}

/**
 * What Argo checks on each reconcile before measuring: arguments substitute
 * (`Unable to resolve metric arguments: …`), metrics are valid and dry-run
 * and retention rules match a metric (`Analysis spec invalid: …`).
 */
function checkSpec(
  spec: AnalysisRunSpec,
):
  | { metrics: AnalysisMetric[]; dryRun: Set<string>; error?: undefined }
  | { error: string } {
  const resolved = resolveRunMetrics(spec);
  if (resolved.error !== undefined)
    return { error: `Unable to resolve metric arguments: ${resolved.error}` };
  const invalid = validateMetrics(resolved.metrics);
  if (invalid) return { error: `Analysis spec invalid: ${invalid}` };
  const dryRun = dryRunMetrics(spec, resolved.metrics);
  if (dryRun.error) return { error: `Analysis spec invalid: ${dryRun.error}` };
  const retention = retentionLimits(spec, resolved.metrics);
  if (retention.error)
    return { error: `Analysis spec invalid: ${retention.error}` };
  return { metrics: resolved.metrics, dryRun: dryRun.names };
}

/**
 * A new run, started at `now` (what `initialDelay` counts from). A spec
 * Argo would not run makes a run that is already in Error, with Argo's
 * message.
 */
export function createAnalysisRun(
  spec: AnalysisRunSpec,
  now: number,
): AnalysisRunState {
  const run: AnalysisRunState = {
    spec: structuredClone(spec),
    terminate: false,
    phase: 'Running',
    startedAt: now,
    metricResults: [],
    runSummary: zero(),
    dryRunSummary: zero(),
  };
  const checked = checkSpec(run.spec);
  if (checked.error !== undefined)
    return failAnalysisRun(run, checked.error, now);
  settleRun(run, checked.metrics, checked.dryRun, now);
  return run;
}

/** Prometheus' `ResolvedPrometheusQuery`, with Secret arguments shown as `*****`. */
function providerMetadata(
  spec: AnalysisRunSpec,
  index: number,
): Record<string, string> | undefined {
  const masked: ArgValues = {};
  for (const arg of spec.args) if (arg.secretKeyRef) masked[arg.name] = MASK;
  const resolved = resolveMetric(
    spec.metrics[index],
    argValues(spec.args, masked),
  );
  if (resolved.error !== undefined) return undefined;
  const query = resolved.metric.provider.prometheus?.query;
  return query ? { ResolvedPrometheusQuery: query } : undefined;
}

function toMeasurement(
  outcome: MeasurementOutcome,
  metric: AnalysisMetric | { error: string },
  now: number,
): Measurement {
  const times = { startedAt: outcome.startedAt ?? now, finishedAt: now };
  const metadata = outcome.metadata
    ? { metadata: { ...outcome.metadata } }
    : {};
  if (outcome.error !== undefined)
    return { phase: 'Error', message: outcome.error, ...times, ...metadata };
  if (outcome.phase !== undefined)
    return {
      phase: outcome.phase,
      value: outcome.value,
      ...times,
      ...metadata,
    };
  if ('error' in metric)
    return { phase: 'Error', message: metric.error, ...times, ...metadata };
  const evaluated = evaluateResult(outcome.result, metric);
  if (evaluated.error !== undefined) {
    // Argo drops the value of a measurement whose condition failed to evaluate.
    return { phase: 'Error', message: evaluated.error, ...times, ...metadata };
  }
  return {
    phase: evaluated.phase,
    value: outcome.value,
    ...times,
    ...metadata,
  };
}

function newResult(
  name: string,
  dryRun: boolean,
  metadata?: Record<string, string>,
): MetricResult {
  return {
    name,
    phase: 'Running',
    measurements: [],
    count: 0,
    successful: 0,
    failed: 0,
    inconclusive: 0,
    error: 0,
    consecutiveError: 0,
    consecutiveSuccess: 0,
    dryRun,
    ...(metadata ? { metadata } : {}),
  };
}

/** Argo's counters: errors do not count, and reset the success streak; anything else resets the error streak. */
function count(result: MetricResult, measurement: Measurement) {
  switch (measurement.phase) {
    case 'Successful':
      result.successful++;
      result.count++;
      result.consecutiveError = 0;
      result.consecutiveSuccess++;
      break;
    case 'Failed':
      result.failed++;
      result.count++;
      result.consecutiveError = 0;
      result.consecutiveSuccess = 0;
      break;
    case 'Inconclusive':
      result.inconclusive++;
      result.count++;
      result.consecutiveError = 0;
      result.consecutiveSuccess = 0;
      break;
    default:
      result.error++;
      result.consecutiveError++;
      result.consecutiveSuccess = 0;
  }
}

export interface RecordOptions {
  /** The run's Secret argument values (`readSecretArgs`), for conditions that use them and to mask them. */
  secrets?: ArgValues;
}

/**
 * Records one round of measurements, then settles the run as Argo's
 * reconcile does: conditions applied (`evaluateResult`), counters, metric
 * and run phases, and measurements beyond each metric's retention limit
 * dropped. Record the measurements taken at one time together: Argo takes
 * them in one reconcile and assesses them together. Secret values are
 * masked (`*****`) in messages and values. A completed run is returned as
 * it is.
 */
export function recordMeasurements(
  run: AnalysisRunState,
  measurements: { metric: string; outcome: MeasurementOutcome }[],
  now: number,
  options: RecordOptions = {},
): AnalysisRunState {
  if (isCompleted(run.phase)) return run;
  const checked = checkSpec(run.spec);
  if (checked.error !== undefined)
    return failAnalysisRun(run, checked.error, now);
  const next = copy(run);
  const values = argValues(next.spec.args, options.secrets);
  const secrets = secretValues(next.spec.args, options.secrets);
  for (const { metric: name, outcome } of measurements) {
    const index = checked.metrics.findIndex(m => m.name === name);
    if (index < 0) throw new Error(`the run has no metric named ${name}`);
    const resolved = resolveMetric(next.spec.metrics[index], values);
    const measurement = toMeasurement(
      outcome,
      resolved.error !== undefined
        ? { error: resolved.error }
        : resolved.metric,
      now,
    );
    if (measurement.message !== undefined)
      measurement.message = maskSecrets(measurement.message, secrets);
    if (measurement.value !== undefined)
      measurement.value = maskSecrets(measurement.value, secrets);
    let result = resultOf(next, name);
    if (!result) {
      result = newResult(
        name,
        checked.dryRun.has(name),
        providerMetadata(next.spec, index),
      );
      next.metricResults.push(result);
    }
    count(result, measurement);
    result.measurements.push(measurement);
  }
  settleRun(next, checked.metrics, checked.dryRun, now);
  const { limits } = retentionLimits(next.spec, checked.metrics);
  for (const result of next.metricResults) {
    const limit = limits.get(result.name);
    if (limit !== undefined && result.measurements.length > limit)
      result.measurements = result.measurements.slice(-limit);
  }
  return next;
}

/** One measurement: `recordMeasurements` with a round of one. */
export function recordMeasurement(
  run: AnalysisRunState,
  metric: string,
  outcome: MeasurementOutcome,
  now: number,
  options: RecordOptions = {},
): AnalysisRunState {
  return recordMeasurements(run, [{ metric, outcome }], now, options);
}

/**
 * Argo's `spec.terminate`, set when the rollout no longer wants the
 * analysis (a background analysis when the rollout completes or aborts):
 * nothing more is measured and the run settles at once, Successful unless a
 * metric already passed a limit, with the message `Run Terminated`.
 */
export function terminateAnalysisRun(
  run: AnalysisRunState,
  now: number,
): AnalysisRunState {
  if (isCompleted(run.phase)) return run;
  const checked = checkSpec(run.spec);
  if (checked.error !== undefined)
    return failAnalysisRun(run, checked.error, now);
  const next = { ...copy(run), terminate: true };
  settleRun(next, checked.metrics, checked.dryRun, now);
  return next;
}

/**
 * Argo's check on analysis that must end (a canary step's, blue-green pre-
 * and post-promotion): every metric must have a count of measurements; one
 * with an interval and no count runs until terminated.
 */
export function indefiniteMetrics(spec: AnalysisRunSpec): string[] {
  const resolved = resolveRunMetrics(spec);
  if (resolved.error !== undefined) return [];
  return resolved.metrics
    .filter(metric => effectiveCount(metric) === undefined)
    .map(
      metric =>
        `metric ${metric.name} runs indefinitely. Invalid value for count: ${
          metric.count ?? '(unset)'
        }`,
    );
}
