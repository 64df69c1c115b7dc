import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { copyableMetadata } from './copiedMetadata';
import type { TrackedConfig } from './trackedConfigs';
import type { RolloutTarget } from './types';

/** The primary's copy of a ConfigMap or Secret is `<name>-primary`. */
export const primaryConfigName = (name: string) => `${name}-primary`;

/**
 * The primary's copy of a tracked ConfigMap or Secret: same content, so the
 * primary keeps running the configuration it was promoted with while the
 * original changes under the canary. `immutable` is not copied: a copy is
 * refreshed in place on every promotion.
 */
export function configCopyOf(config: TrackedConfig): KubernetesObject {
  const { object } = config;
  const copy: KubernetesObject = {
    apiVersion: 'v1',
    kind: config.kind === 'configmap' ? 'ConfigMap' : 'Secret',
    metadata: {
      name: primaryConfigName(config.name),
      namespace: object.metadata.namespace,
      labels: copyableMetadata(object.metadata.labels),
      annotations: copyableMetadata(object.metadata.annotations),
    },
    data: object.data,
  };
  if (config.kind === 'configmap') copy.binaryData = object.binaryData;
  else copy.type = object.type;
  return withoutUndefined(copy);
}

/** Creates or refreshes the primary's copies of the tracked configs. */
export async function applyConfigCopies(
  target: RolloutTarget,
  configs: TrackedConfig[],
): Promise<void> {
  for (const config of configs)
    await target.cluster.apply(configCopyOf(config));
}

function withoutUndefined<T extends object>(obj: T): T {
  return JSON.parse(JSON.stringify(obj));
}
