import type { IntOrString } from './types';

/** Whether a text still holds a `{{…}}` placeholder (substituted when the run reads it). */
export function hasPlaceholder(text: string): boolean {
  return text.includes('{{');
}

export type IntReading =
  | { kind: 'int'; value: number }
  /** A placeholder: known once the run substitutes its arguments. */
  | { kind: 'unknown' }
  | { kind: 'invalid'; text: string };

const INTEGER = /^[+-]?\d+$/;

/**
 * Reads an int-or-string field as Kubernetes' `IntOrString.IntValue()` does
 * for numbers and integer strings. Argo reads any other string as 0; Slipway
 * calls it invalid instead, so `failureLimit: "three"` is refused rather
 * than meaning "no failure tolerated".
 */
export function readIntOrString(
  value: IntOrString | undefined,
  fallback: number,
): IntReading {
  if (value === undefined) return { kind: 'int', value: fallback };
  if (typeof value === 'number') return { kind: 'int', value };
  if (INTEGER.test(value)) return { kind: 'int', value: Number(value) };
  if (hasPlaceholder(value)) return { kind: 'unknown' };
  return { kind: 'invalid', text: value };
}

/** The value of an already-validated field (placeholders substituted). */
export function intValue(value: IntOrString | undefined, fallback: number) {
  const reading = readIntOrString(value, fallback);
  return reading.kind === 'int' ? reading.value : fallback;
}
