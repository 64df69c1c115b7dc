import type { MetricSpec } from '../spec/types';

export interface ThresholdVerdict {
  passed: boolean;
  min?: number;
  max?: number;
  /** Flagger's halt message when out of range. */
  message?: string;
}

/**
 * The bounds a metric is held to. The deprecated `threshold` without a range
 * is a floor for the success rate and a ceiling for everything else
 * (docs/rollout-engine.md#documents-and-defaults).
 */
export function metricBounds(metric: MetricSpec): {
  min?: number;
  max?: number;
} {
  if (metric.thresholdRange) return { ...metric.thresholdRange };
  if (metric.threshold === undefined) return {};
  return metric.name === 'request-success-rate'
    ? { min: metric.threshold }
    : { max: metric.threshold };
}

/**
 * Checks a measured value against the metric's bounds. `id` is
 * `<target>.<namespace>`; messages keep Flagger's wording, so people can
 * search for them.
 */
export function checkThreshold(
  metric: MetricSpec,
  value: number,
  id: string,
): ThresholdVerdict {
  const { min, max } = metricBounds(metric);
  const builtin = metric.source === 'builtin';
  const halt = (op: '<' | '>', bound: number) => {
    if (builtin && metric.name === 'request-success-rate') {
      return `Halt ${id} advancement success rate ${value.toFixed(
        2,
      )}% ${op} ${bound}%`;
    }
    if (builtin && metric.name === 'request-duration') {
      // Flagger prints Go durations truncated to whole milliseconds.
      return `Halt ${id} advancement request duration ${Math.trunc(
        value,
      )}ms ${op} ${bound}ms`;
    }
    return `Halt ${id} advancement ${metric.name} ${value.toFixed(
      2,
    )} ${op} ${bound}`;
  };
  if (min !== undefined && value < min) {
    return { passed: false, min, max, message: halt('<', min) };
  }
  if (max !== undefined && value > max) {
    return { passed: false, min, max, message: halt('>', max) };
  }
  return { passed: true, min, max };
}
