import { durationMs } from './durations';
import {
  ERROR_RETRY_INTERVAL_MS,
  effectiveCount,
  isCompleted,
  isTerminating,
  resolveRunMetrics,
  resultOf,
} from './runMetrics';
import type { AnalysisRunState } from './types';

export interface DueMeasurements {
  /** Names of the metrics to measure now, in the run's order. */
  due: string[];
  /** Epoch ms when the next metric not due now will be; undefined when none will. */
  nextAt?: number;
}

/**
 * Argo's `generateMetricTasks` and `calculateNextReconcileTime`: which
 * metrics to measure at `now`, and when to look again.
 * - A metric's first measurement is due `initialDelay` after the run started.
 * - The next one is due `interval` after the last one finished, or 10 s after
 *   one that errored; a metric with no interval measures once (errors are
 *   retried).
 * - A metric stops when it completed or took its count of measurements
 *   without error; one with an interval and no count goes on until the run
 *   is terminated.
 * - Nothing is due once the run is terminating (terminated, or a metric
 *   that is not a dry run Failed, Errored or was Inconclusive).
 * A time that has come is due (Argo requeues the run for that moment).
 */
export function nextMeasurements(
  run: AnalysisRunState,
  now: number,
): DueMeasurements {
  if (isCompleted(run.phase) || isTerminating(run)) return { due: [] };
  const resolved = resolveRunMetrics(run.spec);
  if (resolved.error !== undefined) return { due: [] };
  const due: string[] = [];
  let nextAt: number | undefined;
  for (const metric of resolved.metrics) {
    const result = resultOf(run, metric.name);
    if (result && isCompleted(result.phase)) continue;
    const last = result?.measurements[result.measurements.length - 1];
    let dueAt: number;
    if (!last) {
      dueAt = run.startedAt + (durationMs(metric.initialDelay) ?? 0);
    } else {
      const count = effectiveCount(metric);
      if (count !== undefined && result!.count >= count) continue;
      const interval =
        last.phase === 'Error'
          ? ERROR_RETRY_INTERVAL_MS
          : durationMs(metric.interval) ?? ERROR_RETRY_INTERVAL_MS;
      dueAt = last.finishedAt + interval;
    }
    if (now >= dueAt) due.push(metric.name);
    else if (nextAt === undefined || dueAt < nextAt) nextAt = dueAt;
  }
  return nextAt === undefined ? { due } : { due, nextAt };
}
