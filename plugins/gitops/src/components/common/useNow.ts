import { useSyncExternalStore } from 'react';

const TICK_MS = 15_000;

// One timer for every relative time on the page, running while any is shown.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) timer = setInterval(() => listeners.forEach(l => l()), TICK_MS);
  return () => {
    listeners.delete(listener);
    if (!listeners.size) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

// Rounded to the tick, so React sees the same value until the next tick.
const snapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

/** The current time (epoch ms), re-rendering every 15 s so "3 min ago" stays true. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
