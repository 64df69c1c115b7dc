/**
 * A value read from the backend, as views show it: the last good value is
 * kept across errors, so a failed refresh never blanks what is on screen.
 */
export interface LoadState<T> {
  value?: T;
  /** The newest failure; cleared by the next success. */
  error?: Error;
  /** True while a first load or a retry is under way. */
  loading: boolean;
  /** True once polling gave up after repeated errors, until `retry()`. */
  stopped?: boolean;
  /** When `value` was read (epoch ms). */
  updatedAt?: number;
  /** Loads again now (and restarts polling). */
  retry: () => void;
}
