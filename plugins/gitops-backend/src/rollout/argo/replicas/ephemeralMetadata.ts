import type { ArgoRolloutSpec, PodMetadata } from '../spec';
import { EPHEMERAL_METADATA_ANNOTATION } from './constants';
import type { ReplicaSet } from './types';

/**
 * Which ephemeral metadata a ReplicaSet's pods carry: `canary` is the
 * canary strategy's `canaryMetadata` or blue-green's `previewMetadata`,
 * `stable` is `stableMetadata` or `activeMetadata`, `none` is neither.
 */
export type EphemeralRole = 'canary' | 'stable' | 'none';

/** The metadata the strategy gives pods in `role`, if any. */
export function ephemeralMetadataFor(
  spec: ArgoRolloutSpec,
  role: EphemeralRole,
): PodMetadata | undefined {
  const strategy = spec.strategy;
  if (role === 'none') return undefined;
  if (strategy.kind === 'canary') {
    return role === 'canary'
      ? strategy.canaryMetadata
      : strategy.stableMetadata;
  }
  return role === 'canary' ? strategy.previewMetadata : strategy.activeMetadata;
}

/**
 * The role of the ReplicaSet with `hash`, as Argo's
 * `reconcileEphemeralMetadata` (`rollout/ephemeralmetadata.go`) assigns it:
 * once fully rolled out (no stable hash yet, or the stable hash is the new
 * one) the new ReplicaSet is stable; during an update it is the canary and
 * the stable ReplicaSet is stable; any other ReplicaSet carries none.
 */
export function ephemeralRole(
  hash: string,
  rollout: { newHash: string; stableHash?: string },
): EphemeralRole {
  const fullyRolledOut =
    !rollout.stableHash || rollout.stableHash === rollout.newHash;
  if (hash === rollout.newHash) return fullyRolledOut ? 'stable' : 'canary';
  if (hash === rollout.stableHash) return 'stable';
  return 'none';
}

/** The role Argo gives a ReplicaSet it creates: canary while a distinct stable ReplicaSet exists, else stable (`createDesiredReplicaSet`). */
export function creationRole(hash: string, stableHash?: string): EphemeralRole {
  return stableHash && stableHash !== hash ? 'canary' : 'stable';
}

interface ObjectMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * Argo's `SyncEphemeralPodMetadata`: `metadata` with `desired` written in
 * and whatever `existing` (the metadata injected before) put there that
 * `desired` no longer has removed. Keys injected by nobody (a sidecar
 * injector's, the template's own) are left alone. Works on a pod
 * template's metadata and on a pod's.
 */
export function syncEphemeralMetadata<T extends ObjectMetadata>(
  metadata: T,
  existing: PodMetadata | undefined,
  desired: PodMetadata | undefined,
): { metadata: T; modified: boolean } {
  const maps = {
    labels: metadata.labels && { ...metadata.labels },
    annotations: metadata.annotations && { ...metadata.annotations },
  };
  let modified = false;
  for (const field of ['annotations', 'labels'] as const) {
    for (const [key, value] of Object.entries(desired?.[field] ?? {})) {
      const map = (maps[field] ??= {});
      if (map[key] !== value) {
        map[key] = value;
        modified = true;
      }
    }
    for (const key of Object.keys(existing?.[field] ?? {})) {
      const map = maps[field];
      if (desired && Object.hasOwn(desired[field], key)) continue;
      if (!map || !Object.hasOwn(map, key)) continue;
      delete map[key];
      modified = true;
    }
  }
  const out: ObjectMetadata = { ...metadata };
  for (const field of ['labels', 'annotations'] as const) {
    if (maps[field]) out[field] = maps[field];
    else delete out[field];
  }
  return { metadata: out as T, modified };
}

/**
 * The `rollout.argoproj.io/ephemeral-metadata` value: Go's JSON of
 * `PodTemplateMetadata`, labels before annotations, keys sorted, empty
 * maps left out.
 */
export function ephemeralMetadataAnnotation(metadata: PodMetadata): string {
  const sorted = (map: Record<string, string>) =>
    Object.fromEntries(
      Object.keys(map)
        .sort()
        .map(k => [k, map[k]]),
    );
  const out: Record<string, Record<string, string>> = {};
  if (Object.keys(metadata.labels).length) out.labels = sorted(metadata.labels);
  if (Object.keys(metadata.annotations).length)
    out.annotations = sorted(metadata.annotations);
  return JSON.stringify(out);
}

/** The metadata a ReplicaSet's annotation says was injected; undefined when absent or unreadable (Argo's `ParseExistingPodMetadata`). */
export function injectedEphemeralMetadata(
  replicaSet: Pick<ReplicaSet, 'metadata'>,
): PodMetadata | undefined {
  const raw = replicaSet.metadata.annotations?.[EPHEMERAL_METADATA_ANNOTATION];
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const { labels, annotations } = parsed as Record<string, unknown>;
    return {
      labels: stringMap(labels),
      annotations: stringMap(annotations),
    };
  } catch {
    return undefined;
  }
}

function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

/**
 * Argo's `SyncReplicaSetEphemeralPodMetadata`: the ReplicaSet with
 * `desired` injected into its pod template and what it injected before
 * (per its annotation) and no longer wants removed; the annotation records
 * `desired`, or goes when `desired` is undefined. Unchanged (and
 * `modified: false`) when there is nothing to do. Argo then writes the
 * same change to the ReplicaSet's existing pods (see
 * `syncEphemeralMetadata`), which a template change alone does not reach.
 */
export function withEphemeralMetadata(
  replicaSet: ReplicaSet,
  desired: PodMetadata | undefined,
): { replicaSet: ReplicaSet; modified: boolean } {
  const existing = injectedEphemeralMetadata(replicaSet);
  const synced = syncEphemeralMetadata(
    replicaSet.spec.template.metadata,
    existing,
    desired,
  );
  if (!synced.modified) return { replicaSet, modified: false };
  const annotations = { ...replicaSet.metadata.annotations };
  if (desired) {
    annotations[EPHEMERAL_METADATA_ANNOTATION] =
      ephemeralMetadataAnnotation(desired);
  } else {
    delete annotations[EPHEMERAL_METADATA_ANNOTATION];
  }
  return {
    replicaSet: {
      ...replicaSet,
      metadata: { ...replicaSet.metadata, annotations },
      spec: {
        ...replicaSet.spec,
        template: {
          ...replicaSet.spec.template,
          metadata: {
            ...synced.metadata,
            labels: synced.metadata.labels ?? {},
          },
        },
      },
    },
    modified: true,
  };
}
