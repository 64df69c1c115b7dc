/** Epoch ms to the RFC 3339 form the status stores. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** RFC 3339 to epoch ms. */
export const ms = (time: string): number => Date.parse(time);

/** `time` plus whole seconds, in epoch ms. */
export const plusSeconds = (time: string, seconds: number): number =>
  ms(time) + seconds * 1000;
