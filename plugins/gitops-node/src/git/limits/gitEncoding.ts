/** Pack object types that are deltas against another object. */
export const OBJ_OFS_DELTA = 6;
export const OBJ_REF_DELTA = 7;

/**
 * A little-endian base-128 varint (git's object and delta size encoding)
 * from `bytes`, or undefined when the bytes end before it does.
 */
export function readSize(
  bytes: Uint8Array,
  start: number,
): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = start; i < bytes.length; i++) {
    value += (bytes[i] & 0x7f) * 2 ** shift;
    shift += 7;
    if ((bytes[i] & 0x80) === 0) return { value, next: i + 1 };
  }
  return undefined;
}
