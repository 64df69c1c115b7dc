import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { LoadState } from './loadState';

/** How often and how long {@link usePolling} keeps asking. */
export interface PollingOptions {
  intervalMs?: number;
  /** Polling stops after this many failures in a row, until `retry()`. */
  maxConsecutiveErrors?: number;
}

/** State of a polled value; `value` keeps the last good answer across errors. */
export interface PollingState<T> extends LoadState<T> {
  stopped: boolean;
}

/**
 * Loads a value, then reloads it every `intervalMs` while the page is visible.
 * Bounded: a hidden browser tab skips rounds, and repeated errors stop the
 * loop so a failing backend is not hammered.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  { intervalMs = 5000, maxConsecutiveErrors = 3 }: PollingOptions = {},
): PollingState<T> {
  const [state, setState] = useState<Omit<PollingState<T>, 'retry'>>({
    loading: true,
    stopped: false,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let errors = 0;
    const schedule = () => {
      timer = setTimeout(round, intervalMs);
    };
    async function round() {
      if (document.visibilityState === 'hidden') {
        schedule();
        return;
      }
      try {
        const value = await loadRef.current();
        if (cancelled) return;
        errors = 0;
        setState({
          value,
          loading: false,
          stopped: false,
          updatedAt: Date.now(),
        });
      } catch (e) {
        if (cancelled) return;
        errors += 1;
        const stopped = errors >= maxConsecutiveErrors;
        setState(s => ({ ...s, error: e as Error, loading: false, stopped }));
        if (stopped) return;
      }
      schedule();
    }
    round();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation, intervalMs, maxConsecutiveErrors]);

  const retry = useCallback(() => {
    setState(s => ({ ...s, loading: true }));
    setGeneration(g => g + 1);
  }, []);
  return { ...state, retry };
}
