import { nextTickAt } from './tickSchedule';

const interval = 10_000;

describe('nextTickAt', () => {
  it('keeps the beat: one interval after the tick was due, whatever the tick and the poll took', () => {
    // Due at 0, claimed 800 ms late by the poll, busy for 2.5 s.
    expect(
      nextTickAt({ dueAt: 0, startedAt: 800, endedAt: 3300, intervalMs: interval }),
    ).toBe(10_000);
  });

  it('is due at once when the tick took longer than the interval, and only once', () => {
    const first = nextTickAt({ dueAt: 0, startedAt: 100, endedAt: 12_000, intervalMs: interval });
    expect(first).toBe(12_000);
    // The catch-up tick starts on time for its own due time: the beat moves to it.
    expect(
      nextTickAt({ dueAt: first, startedAt: 12_050, endedAt: 12_500, intervalMs: interval }),
    ).toBe(22_000);
  });

  it('sets a new beat from the start of a tick that began more than an interval late', () => {
    // Due an hour ago (the backend was down): no burst of catch-up ticks.
    expect(
      nextTickAt({ dueAt: 0, startedAt: 3_600_000, endedAt: 3_600_400, intervalMs: interval }),
    ).toBe(3_610_000);
  });

  it('sets a new beat from a tick a request woke before it was due', () => {
    expect(
      nextTickAt({ dueAt: 10_000, startedAt: 3_000, endedAt: 3_200, intervalMs: interval }),
    ).toBe(13_000);
  });

  it('starts the beat at the first tick', () => {
    expect(
      nextTickAt({ startedAt: 5_000, endedAt: 5_200, intervalMs: interval }),
    ).toBe(15_000);
  });

  it('ends a timed pause on time when the interval is longer', () => {
    expect(
      nextTickAt({ dueAt: 0, startedAt: 0, endedAt: 100, intervalMs: 60_000, pauseUntil: 4_000 }),
    ).toBe(4_000);
    // A pause that is already over: due at once, never in the past.
    expect(
      nextTickAt({ dueAt: 0, startedAt: 0, endedAt: 100, intervalMs: 60_000, pauseUntil: 50 }),
    ).toBe(100);
  });
});
