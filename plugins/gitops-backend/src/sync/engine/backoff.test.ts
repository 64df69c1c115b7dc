import { backoffDelay, SELF_HEAL_BACKOFF, SYNC_RETRY, withJitter } from './backoff';

describe('backoff', () => {
  it('follows Argo CD sync retries: 5s, 10s, 20s … capped at 3 min', () => {
    expect([1, 2, 3, 4, 7, 10].map(n => backoffDelay(n, SYNC_RETRY))).toEqual([
      5_000, 10_000, 20_000, 40_000, 180_000, 180_000,
    ]);
  });

  it('follows Argo CD self-heal backoff: 2s, 6s, 18s … capped at 5 min', () => {
    expect([1, 2, 3, 6].map(n => backoffDelay(n, SELF_HEAL_BACKOFF))).toEqual([
      2_000, 6_000, 18_000, 300_000,
    ]);
  });

  it('adds jitter within its bound', () => {
    expect(withJitter(120_000, 60_000, () => 0)).toBe(120_000);
    expect(withJitter(120_000, 60_000, () => 0.999)).toBe(179_940);
  });
});
