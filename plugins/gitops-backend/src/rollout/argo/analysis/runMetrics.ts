import { argValues } from './args';
import { durationMs } from './durations';
import { intValue } from './intOrString';
import { resolveMetric } from './substitute';
import type {
  AnalysisMetric,
  AnalysisPhase,
  AnalysisRunSpec,
  AnalysisRunState,
  ArgValues,
  MeasurementRetentionRule,
  MetricResult,
} from './types';

/** Argo's `DefaultMeasurementHistoryLimit`: measurements kept per metric. */
export const DEFAULT_MEASUREMENT_RETENTION = 10;
/** Argo's `DefaultErrorRetryInterval`: the wait after a measurement that errored. */
export const ERROR_RETRY_INTERVAL_MS = 10_000;
/** Argo's `DefaultConsecutiveErrorLimit`. */
export const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

export function isCompleted(phase: AnalysisPhase): boolean {
  return (
    phase === 'Successful' ||
    phase === 'Failed' ||
    phase === 'Error' ||
    phase === 'Inconclusive'
  );
}

/**
 * The run's metrics with their arguments substituted; Secret arguments read
 * as a placeholder unless `secrets` holds them (Argo's
 * `getResolvedMetricsWithoutSecrets`).
 */
export function resolveRunMetrics(
  spec: AnalysisRunSpec,
  secrets?: ArgValues,
): { metrics: AnalysisMetric[]; error?: undefined } | { error: string } {
  const values = argValues(spec.args, secrets);
  const metrics: AnalysisMetric[] = [];
  for (const metric of spec.metrics) {
    const resolved = resolveMetric(metric, values);
    if (resolved.error !== undefined) return { error: resolved.error };
    metrics.push(resolved.metric);
  }
  return { metrics };
}

/**
 * Argo's `EffectiveCount`: how many measurements a metric takes. Neither
 * count nor interval: 1. An interval and no count (or 0): undefined, it
 * measures until the run is terminated.
 */
export function effectiveCount(metric: AnalysisMetric): number | undefined {
  const count = intValue(metric.count, 0);
  if (count === 0)
    return durationMs(metric.interval) === undefined ? 1 : undefined;
  return count;
}

/** Go's `regexp.MatchString`, unanchored; a pattern JavaScript cannot compile matches nothing. */
function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return false;
  }
}

/** Argo's `GetDryRunMetrics`: the names of the dry-run metrics; a rule matching none is an error. */
export function dryRunMetrics(
  spec: Pick<AnalysisRunSpec, 'dryRun'>,
  metrics: AnalysisMetric[],
): { names: Set<string>; error?: string } {
  const names = new Set<string>();
  for (const [i, rule] of spec.dryRun.entries()) {
    const matched = metrics.filter(m => matches(rule.metricName, m.name));
    if (matched.length === 0)
      return {
        names,
        error: `dryRun[${i}]: Rule didn't match any metric name(s)`,
      };
    for (const metric of matched) names.add(metric.name);
  }
  return { names };
}

/**
 * Argo's `GetMeasurementRetentionMetrics`: the limit per metric name, the
 * last matching rule winning; a rule matching none is an error.
 */
export function retentionLimits(
  spec: Pick<AnalysisRunSpec, 'measurementRetention'>,
  metrics: AnalysisMetric[],
): { limits: Map<string, number>; error?: string } {
  const rules = new Map<string, MeasurementRetentionRule>();
  for (const [i, rule] of spec.measurementRetention.entries()) {
    const matched = metrics.filter(m => matches(rule.metricName, m.name));
    if (matched.length === 0) {
      return {
        limits: new Map(),
        error: `measurementRetention[${i}]: Rule didn't match any metric name(s)`,
      };
    }
    for (const metric of matched) rules.set(metric.name, rule);
  }
  const limits = new Map<string, number>();
  for (const metric of metrics) {
    const limit = rules.get(metric.name)?.limit ?? 0;
    limits.set(metric.name, limit > 0 ? limit : DEFAULT_MEASUREMENT_RETENTION);
  }
  return { limits };
}

export function resultOf(
  run: AnalysisRunState,
  name: string,
): MetricResult | undefined {
  return run.metricResults.find(r => r.name === name);
}

/**
 * Argo's `IsTerminating`: asked to terminate, or a metric that is not a dry
 * run already Failed, Errored or was Inconclusive. No new measurement starts.
 */
export function isTerminating(run: AnalysisRunState): boolean {
  if (run.terminate) return true;
  return run.metricResults.some(
    r =>
      !r.dryRun &&
      (r.phase === 'Failed' ||
        r.phase === 'Error' ||
        r.phase === 'Inconclusive'),
  );
}
