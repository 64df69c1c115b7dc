import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal values always serialize alike. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as 8 hex digits (Flagger's template hash function). */
export function fnv32aHex(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** First 8 bytes of the SHA-256 of `value`'s stable JSON, hex: the tracked-config checksum in Flagger's format (docs/rollout-engine.md#revisions). */
export function configChecksum(value: unknown): string {
  return createHash('sha256')
    .update(stableJson(value))
    .digest('hex')
    .slice(0, 16);
}
