import type { Container, PodSpec } from '../../kube/kubeTypes';

export type ConfigKind = 'configmap' | 'secret';

/** One reference from a pod spec to a ConfigMap or Secret. */
export interface ConfigRef {
  kind: ConfigKind;
  name: string;
  optional: boolean;
}

/** `configmap/<name>` or `secret/<name>`, the key of status.trackedConfigs, as Flagger keys it. */
export const configKey = (ref: { kind: ConfigKind; name: string }) =>
  `${ref.kind}/${ref.name}`;

/**
 * Calls `visit` for every ConfigMap and Secret the pod spec references
 * (volumes, projected volumes, env valueFrom and envFrom of containers and
 * init containers); when `visit` returns a name, the reference is renamed in
 * place.
 */
export function visitConfigRefs(
  spec: PodSpec,
  visit: (ref: ConfigRef) => string | undefined,
): void {
  const at = <K extends string>(
    holder: ({ [key in K]?: string } & { optional?: boolean }) | undefined,
    key: K,
    kind: ConfigKind,
  ) => {
    const name = holder?.[key];
    if (!holder || typeof name !== 'string' || !name) return;
    const renamed = visit({ kind, name, optional: holder.optional === true });
    if (renamed !== undefined) (holder as Record<K, string>)[key] = renamed;
  };

  for (const volume of spec.volumes ?? []) {
    at(volume.configMap, 'name', 'configmap');
    at(volume.secret, 'secretName', 'secret');
    for (const source of volume.projected?.sources ?? []) {
      at(source.configMap, 'name', 'configmap');
      at(source.secret, 'name', 'secret');
    }
  }
  const containers: Container[] = [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
  ];
  for (const container of containers) {
    for (const env of container.env ?? []) {
      at(env.valueFrom?.configMapKeyRef, 'name', 'configmap');
      at(env.valueFrom?.secretKeyRef, 'name', 'secret');
    }
    for (const source of container.envFrom ?? []) {
      at(source.configMapRef, 'name', 'configmap');
      at(source.secretRef, 'name', 'secret');
    }
  }
}

/** Every ConfigMap/Secret the pod spec references, once each; optional only if every reference is optional. */
export function configRefsOf(spec: PodSpec): ConfigRef[] {
  const refs = new Map<string, ConfigRef>();
  visitConfigRefs(spec, ref => {
    const seen = refs.get(configKey(ref));
    refs.set(configKey(ref), {
      ...ref,
      optional: ref.optional && (seen?.optional ?? true),
    });
    return undefined;
  });
  return [...refs.values()];
}
