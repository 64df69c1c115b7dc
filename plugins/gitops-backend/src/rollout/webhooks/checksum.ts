import { createHash } from 'node:crypto';

/**
 * The `checksum` webhooks receive, as Flagger's `CanaryChecksum`: it changes
 * with the canary's template hash (`lastAppliedSpec`) and with any tracked
 * ConfigMap or Secret, so a gate can tell revisions apart.
 */
export function webhookChecksum(status: {
  lastAppliedSpec?: string;
  trackedConfigs?: Record<string, string>;
}): string {
  const configs = Object.entries(status.trackedConfigs ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .sort();
  return createHash('sha256')
    .update(JSON.stringify([configs, status.lastAppliedSpec ?? '']))
    .digest('hex')
    .slice(0, 16);
}
