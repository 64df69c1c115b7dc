import type { MeasuredCheck, TickRecorder } from '../ports';
import type { RolloutState } from '../types';
import type { ArgoTakenMeasurement } from './types';

/** A single number as Argo prints it (`0.97`, `[0.97]`); undefined for anything else. */
function numericValue(value: string | undefined): number | undefined {
  const single = value?.match(/^\[?\s*(-?[0-9.eE+-]+)\s*\]?$/)?.[1];
  const n = single === undefined ? NaN : Number(single);
  return Number.isFinite(n) ? n : undefined;
}

/** A measurement as one of the run's checks, worded as Argo shows it. */
export function measurementCheck(taken: ArgoTakenMeasurement): MeasuredCheck {
  const value = numericValue(taken.value);
  const parts = [`${taken.run}: ${taken.phase}`];
  if (taken.value !== undefined) parts.push(`value ${taken.value}`);
  const message = taken.message
    ? `${parts.join(', ')}: ${taken.message}`
    : parts.join(', ');
  return {
    kind: 'metric',
    name: taken.metric,
    ...(value !== undefined ? { value } : {}),
    passed: taken.phase === 'Successful',
    message,
    durationMs: taken.durationMs,
  };
}

export async function recordMeasurements(
  log: TickRecorder,
  state: RolloutState,
  taken: ArgoTakenMeasurement[],
): Promise<void> {
  if (!taken.length) return;
  const checks = taken.map(measurementCheck);
  await log.checks(state, { passed: checks.every(c => c.passed), checks });
}
