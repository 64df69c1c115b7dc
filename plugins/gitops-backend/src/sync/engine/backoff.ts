/** Retry delay after `failures` consecutive failures: base·factorⁿ, capped. */
export function backoffDelay(
  failures: number,
  options: { baseMs: number; factor: number; capMs: number },
): number {
  const n = Math.max(0, failures - 1);
  return Math.min(options.capMs, options.baseMs * options.factor ** n);
}

/** The interval plus up to `jitterMs` of random delay, so apps spread out. */
export function withJitter(intervalMs: number, jitterMs: number, random = Math.random) {
  return intervalMs + Math.floor(random() * jitterMs);
}

/** Argo CD's operation retry: 5 s·2ⁿ, capped at 3 min, 5 attempts. */
export const SYNC_RETRY = { baseMs: 5_000, factor: 2, capMs: 180_000, limit: 5 };
/** Argo CD's self-heal backoff: 2 s·3ⁿ, capped at 5 min. */
export const SELF_HEAL_BACKOFF = { baseMs: 2_000, factor: 3, capMs: 300_000 };
