import { parseGoDuration } from '../../spec/duration';
import { hasPlaceholder } from './intOrString';

export type DurationReading =
  | { kind: 'unset' }
  | { kind: 'ms'; value: number }
  | { kind: 'unknown' }
  | { kind: 'invalid'; message: string };

/**
 * A metric's `interval` or `initialDelay`: a Go duration (`30s`, `5m`,
 * `1h30m`), read as Argo reads it with `time.ParseDuration`. An empty string
 * is unset, as in Go's `omitempty`. Negative durations, which Go accepts and
 * which would make every reconcile due, are refused.
 */
export function readMetricDuration(text: string | undefined): DurationReading {
  if (text === undefined || text === '') return { kind: 'unset' };
  const ms = parseGoDuration(text);
  if (ms === undefined) {
    if (hasPlaceholder(text)) return { kind: 'unknown' };
    return {
      kind: 'invalid',
      message: `time: invalid duration ${JSON.stringify(text)}`,
    };
  }
  if (ms < 0) return { kind: 'invalid', message: 'must not be negative' };
  return { kind: 'ms', value: ms };
}

/** The milliseconds of an already-validated duration; undefined when unset. */
export function durationMs(text: string | undefined): number | undefined {
  const reading = readMetricDuration(text);
  return reading.kind === 'ms' ? reading.value : undefined;
}
