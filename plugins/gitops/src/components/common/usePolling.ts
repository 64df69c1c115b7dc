import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { LoadState } from './loadState';
import { useOnSignal } from './useOnSignal';

/** While signals are on, polling only backs them up: this much slower. */
export const SIGNALLED_SLOWDOWN = 3;

/** How often and how long {@link usePolling} keeps asking. */
export interface PollingOptions<T = unknown> {
  intervalMs?: number;
  /** Polling stops after this many failures in a row, until `retry()`. */
  maxConsecutiveErrors?: number;
  /**
   * Signal channels whose pings mean the value changed: each loads it again
   * at once (the backend's signals plugin pushes them), and polling goes on
   * {@link SIGNALLED_SLOWDOWN} times slower as a fallback. A function gets
   * the last value, for channels named by what was loaded.
   */
  signalChannels?: string[] | ((value: T | undefined) => string[]);
}

/** State of a polled value; `value` keeps the last good answer across errors. */
export interface PollingState<T> extends LoadState<T> {
  stopped: boolean;
}

/**
 * Loads a value, then reloads it every `intervalMs` while the page is visible,
 * and at once on a ping of its signal channels.
 * Bounded: a hidden browser tab skips rounds, pings during a load make one
 * more load, and repeated errors stop the loop so a failing backend is not
 * hammered.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  {
    intervalMs = 5000,
    maxConsecutiveErrors = 3,
    signalChannels,
  }: PollingOptions<T> = {},
): PollingState<T> {
  const [state, setState] = useState<Omit<PollingState<T>, 'retry'>>({
    loading: true,
    stopped: false,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  /** Loads again now, from a signal; set by the polling loop. */
  const pingRef = useRef<() => void>(() => undefined);

  const signalled = useOnSignal(
    typeof signalChannels === 'function'
      ? signalChannels(state.value)
      : signalChannels ?? [],
    () => pingRef.current(),
  );
  // Read when each round is scheduled: signals coming on do not restart the loop.
  const everyMsRef = useRef(intervalMs);
  everyMsRef.current = signalled ? intervalMs * SIGNALLED_SLOWDOWN : intervalMs;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let errors = 0;
    let loading = false;
    let pinged = false;
    let stopped = false;
    const schedule = () => {
      timer = setTimeout(round, everyMsRef.current);
    };
    async function round() {
      if (document.visibilityState === 'hidden') {
        schedule();
        return;
      }
      loading = true;
      pinged = false;
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
        stopped = errors >= maxConsecutiveErrors;
        const stop = stopped;
        setState(s => ({
          ...s,
          error: e as Error,
          loading: false,
          stopped: stop,
        }));
        if (stopped) return;
      } finally {
        loading = false;
      }
      // A ping that came during the load may be about a change it missed.
      if (pinged) {
        round();
        return;
      }
      schedule();
    }
    pingRef.current = () => {
      if (cancelled || stopped) return;
      if (loading) {
        pinged = true;
        return;
      }
      clearTimeout(timer);
      round();
    };
    round();
    return () => {
      cancelled = true;
      clearTimeout(timer);
      pingRef.current = () => undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation, intervalMs, maxConsecutiveErrors]);

  const retry = useCallback(() => {
    setState(s => ({ ...s, loading: true }));
    setGeneration(g => g + 1);
  }, []);
  return { ...state, retry };
}
