import { parseGoDuration } from '../../spec/duration';

export const INT32_MAX = 2_147_483_647;

export interface PauseDuration {
  /** Whole seconds, as Argo counts them. */
  seconds: number;
  /** The value had a fraction of a second, which Argo drops. */
  truncated: boolean;
}

/**
 * A canary `pause.duration` read the way Argo's `RolloutPause.DurationSeconds`
 * reads it: an integer, or a string holding an integer, is seconds; any
 * other string is a Go duration (`30s`, `10m`, `1h30m`), truncated to whole
 * seconds. Undefined when Argo would refuse it: unparsable, negative, or
 * beyond an int32.
 */
export function parseArgoPauseDuration(
  value: number | string,
): PauseDuration | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= INT32_MAX
      ? { seconds: value, truncated: false }
      : undefined;
  }
  // strconv.ParseInt(s, 10, 32): an optional sign, decimal digits.
  if (/^[+-]?\d+$/.test(value)) {
    const seconds = Number(value);
    if (seconds > INT32_MAX) return undefined;
    return seconds >= 0
      ? { seconds: seconds + 0, truncated: false }
      : undefined;
  }
  const ms = parseGoDuration(value);
  if (ms === undefined || ms < 0) return undefined;
  const seconds = Math.trunc(ms / 1000);
  if (seconds > INT32_MAX) return undefined;
  return { seconds, truncated: ms % 1000 !== 0 };
}
