import { createHash } from 'node:crypto';

/**
 * What webhooks receive as `checksum`: changes with the canary's template
 * hash and with any tracked ConfigMap or Secret (reference §2).
 */
export function rolloutChecksum(lastAppliedSpec: string | undefined, trackedConfigs: Record<string, string>): string {
  const configs = Object.keys(trackedConfigs)
    .sort()
    .map(key => `${key}=${trackedConfigs[key]}`)
    .join(',');
  return createHash('sha256').update(`${lastAppliedSpec ?? ''}|${configs}`).digest('hex').slice(0, 16);
}
