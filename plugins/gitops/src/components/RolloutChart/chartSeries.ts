import { RolloutCheck, RolloutEvent } from '@slipway/plugin-gitops-common';

/** One moment of a run: the canary weight an event reported, or metric values measured. */
export interface ChartPoint {
  /** Epoch milliseconds. */
  at: number;
  weight?: number;
  metrics: Record<string, number>;
}

/** The run's weight (from its events) and metric values (from its checks) in time order. */
export function chartSeries(
  events: RolloutEvent[],
  checks: RolloutCheck[],
): { points: ChartPoint[]; metrics: string[] } {
  const byTime = new Map<number, ChartPoint>();
  const pointAt = (iso: string) => {
    const at = Date.parse(iso);
    let point = byTime.get(at);
    if (!point) {
      point = { at, metrics: {} };
      byTime.set(at, point);
    }
    return point;
  };
  for (const e of events) pointAt(e.at).weight = e.canaryWeight;
  const metrics = new Set<string>();
  for (const c of checks) {
    if (c.kind !== 'metric' || c.value === undefined) continue;
    pointAt(c.at).metrics[c.name] = c.value;
    metrics.add(c.name);
  }
  const points = [...byTime.values()].sort((a, b) => a.at - b.at);
  return { points, metrics: [...metrics] };
}
