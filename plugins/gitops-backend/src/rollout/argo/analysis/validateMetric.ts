import { readMetricDuration } from './durations';
import { readIntOrString } from './intOrString';
import type { IntReading } from './intOrString';
import type { AnalysisMetric } from './types';

/** One problem with a metric: the field it concerns, and Argo's own words for it. */
export interface MetricIssue {
  /** Relative to the metric, e.g. `['count']`. */
  path: string[];
  /** For a path-prefixed message: `must be >= 0`. */
  message: string;
  /** The whole sentence as Argo's `ValidateMetric` words it. */
  argo: string;
}

const INT_FIELDS = [
  'count',
  'failureLimit',
  'inconclusiveLimit',
  'consecutiveErrorLimit',
  'consecutiveSuccessLimit',
] as const;

/**
 * Argo's `ValidateMetric` (utils/analysis/factory.go), rule for rule, plus
 * the checks Slipway adds: int-or-string fields must hold integers and
 * counts and durations must not be negative. A field still holding a
 * `{{args.…}}` placeholder (a template not yet given its arguments) skips
 * the rules that need its value; the run checks them once substituted.
 * Providers are checked by the parser's schema.
 */
export function validateMetric(metric: AnalysisMetric): MetricIssue[] {
  const issues: MetricIssue[] = [];
  const issue = (path: string, message: string, argo?: string) =>
    issues.push({
      path: path ? [path] : [],
      message,
      argo: argo ?? `${path} ${message}`,
    });

  const ints = {} as Record<(typeof INT_FIELDS)[number], IntReading>;
  for (const field of INT_FIELDS) {
    const fallback = field === 'consecutiveErrorLimit' ? 4 : 0;
    ints[field] = readIntOrString(metric[field], fallback);
    const reading = ints[field];
    if (reading.kind === 'invalid') {
      issue(
        field,
        `must be an integer, or a string holding one or an {{args.…}} placeholder, got ${JSON.stringify(
          reading.text,
        )}`,
      );
    }
  }
  const known = (reading: IntReading) =>
    reading.kind === 'int' ? reading.value : undefined;
  const count = known(ints.count);
  const failureLimit = known(ints.failureLimit);
  const inconclusiveLimit = known(ints.inconclusiveLimit);
  const errorLimit = known(ints.consecutiveErrorLimit);
  const successLimit = known(ints.consecutiveSuccessLimit);

  if (count !== undefined && count < 0) issue('count', 'must be >= 0');
  if (successLimit !== undefined && successLimit < 0)
    issue('consecutiveSuccessLimit', 'must be >= 0');
  if (failureLimit !== undefined && failureLimit < -1)
    issue('failureLimit', 'must be >= 0, or -1 to be disabled');
  if (successLimit === 0 && failureLimit === -1) {
    issue(
      'failureLimit',
      'failureLimit and consecutiveSuccessLimit cannot both be disabled',
      'failureLimit and consecutiveSuccessLimit cannot both be disabled',
    );
  }
  if (inconclusiveLimit !== undefined && inconclusiveLimit < 0)
    issue('inconclusiveLimit', 'must be >= 0');
  if (errorLimit !== undefined && errorLimit < 0)
    issue('consecutiveErrorLimit', 'must be >= 0');

  if (count !== undefined && count > 0) {
    if (successLimit !== undefined && failureLimit !== undefined) {
      if (successLimit >= 0 && failureLimit >= 0) {
        if (count < failureLimit + successLimit) {
          const argo = `count (${count}) must be >= failureLimit + consecutiveSuccessLimit (${failureLimit} + ${successLimit}) if both >= 0`;
          issue('count', argo.slice('count '.length), argo);
        }
      } else if (
        successLimit >= 0 &&
        failureLimit < 0 &&
        count < successLimit
      ) {
        issue('count', 'must be >= consecutiveSuccessLimit');
      }
    }
    if (inconclusiveLimit !== undefined && count < inconclusiveLimit)
      issue('count', 'must be >= inconclusiveLimit');
  }

  const interval = readMetricDuration(metric.interval);
  if (count !== undefined && count > 1 && interval.kind === 'unset') {
    issue(
      'interval',
      'must be specified when count > 1',
      'interval must be specified when count > 1',
    );
  }
  if (interval.kind === 'invalid') {
    issue(
      'interval',
      interval.message,
      `invalid interval string: ${interval.message}`,
    );
  }
  const initialDelay = readMetricDuration(metric.initialDelay);
  if (initialDelay.kind === 'invalid') {
    issue(
      'initialDelay',
      initialDelay.message,
      `invalid startDelay string: ${initialDelay.message}`,
    );
  }
  return issues;
}

/**
 * Argo's `ValidateMetrics`: at least one metric, unique names, each valid.
 * Returns the first problem in Argo's words (`metrics[1]: duplicate name
 * 'x'`), as the run reports it; undefined when the metrics are fine.
 */
export function validateMetrics(metrics: AnalysisMetric[]): string | undefined {
  if (metrics.length === 0) return 'no metrics specified';
  const names = new Set<string>();
  for (const [i, metric] of metrics.entries()) {
    if (names.has(metric.name)) {
      return `metrics[${i}]: duplicate name '${metric.name}'`;
    }
    names.add(metric.name);
    const [first] = validateMetric(metric);
    if (first) return `metrics[${i}]: ${first.argo}`;
  }
  return undefined;
}
