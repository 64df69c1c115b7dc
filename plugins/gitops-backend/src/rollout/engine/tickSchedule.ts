/**
 * When a rollout's next tick is due. Ticks keep to the interval's beat, as a
 * ticker does: the next is one interval after this one was due, not after it
 * ended, so neither the tick's own work nor the wait for the next look at
 * the database stretches the interval. A tick that started more than an
 * interval late (after a restart, or behind a backlog) sets a new beat from
 * its start instead of firing catch-up ticks back to back, and so does one
 * a request woke early. A timed pause
 * ends on time even when the interval is longer.
 */
export function nextTickAt(tick: {
  /** When this tick was planned; undefined when unknown (first tick, new holder). */
  dueAt?: number;
  startedAt: number;
  endedAt: number;
  intervalMs: number;
  pauseUntil?: number;
}): number {
  const { dueAt, startedAt, endedAt, intervalMs } = tick;
  const onBeat =
    dueAt !== undefined && startedAt >= dueAt && startedAt - dueAt < intervalMs;
  const beat = (onBeat ? dueAt : startedAt) + intervalMs;
  const next = Math.min(beat, tick.pauseUntil ?? Infinity);
  return Math.max(endedAt, next);
}
