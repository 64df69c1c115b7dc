import { RolloutCheck } from '@slipway/plugin-gitops-common';

/** One metric of a run: its range, its newest measurement and how often it failed. */
export interface MetricSummary {
  name: string;
  min?: number;
  max?: number;
  last: RolloutCheck;
  failed: number;
}

/** Metric checks grouped by metric, in the order they were first measured. */
export function summarizeMetricChecks(checks: RolloutCheck[]): MetricSummary[] {
  const byName = new Map<string, MetricSummary>();
  for (const c of checks) {
    if (c.kind !== 'metric') continue;
    const summary = byName.get(c.name) ?? { name: c.name, last: c, failed: 0 };
    summary.min = c.min;
    summary.max = c.max;
    summary.last = c;
    if (!c.passed) summary.failed += 1;
    byName.set(c.name, summary);
  }
  return [...byName.values()];
}

/** `thresholdRange` as people read it. */
export function formatRange(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min} – ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return 'none';
}
