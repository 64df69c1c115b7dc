import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { configKey, configRefsOf, type ConfigKind } from './configRefs';
import type { PodSpec } from '../../kube/kubeTypes';
import { configChecksum } from './stableHash';
import { workloadId } from './targetWorkload';
import type { RolloutTarget } from './types';

/** Opt-out annotation on a ConfigMap or Secret, as in Flagger. */
export const CONFIG_TRACKING_ANNOTATION = 'flagger.app/config-tracking';

const KINDS: Record<ConfigKind, string> = {
  configmap: 'ConfigMap',
  secret: 'Secret',
};

/** A ConfigMap or Secret the target's pods use, whose changes start a rollout and which the primary gets a copy of. */
export interface TrackedConfig {
  kind: ConfigKind;
  name: string;
  /** The live object. */
  object: KubernetesObject & {
    data?: unknown;
    binaryData?: unknown;
    type?: string;
  };
  checksum: string;
}

/**
 * Reads the ConfigMaps and Secrets the pod spec references, leaving out those
 * annotated `flagger.app/config-tracking: disabled` and optional ones that do
 * not exist; a missing required one is an error.
 */
export async function loadTrackedConfigs(
  target: RolloutTarget,
  spec: PodSpec,
): Promise<TrackedConfig[]> {
  const tracked: TrackedConfig[] = [];
  for (const ref of configRefsOf(spec)) {
    const kind = KINDS[ref.kind];
    const object = (await target.cluster.get({
      apiVersion: 'v1',
      kind,
      namespace: target.namespace,
      name: ref.name,
    })) as TrackedConfig['object'] | undefined;
    if (!object) {
      if (ref.optional) continue;
      throw new Error(
        `${kind} ${workloadId(
          ref.name,
          target.namespace,
        )} referenced by ${workloadId(
          target.spec.targetRef.name,
          target.namespace,
        )} not found`,
      );
    }
    if (
      object.metadata.annotations?.[CONFIG_TRACKING_ANNOTATION] === 'disabled'
    )
      continue;
    const content =
      ref.kind === 'configmap'
        ? { data: object.data, binaryData: object.binaryData }
        : { data: object.data };
    tracked.push({ ...ref, object, checksum: configChecksum(content) });
  }
  return tracked;
}

/** status.trackedConfigs: `configmap/<name>` | `secret/<name>` → checksum. */
export function trackedConfigsRecord(
  configs: TrackedConfig[],
): Record<string, string> {
  return Object.fromEntries(
    configs.map(config => [configKey(config), config.checksum]),
  );
}
