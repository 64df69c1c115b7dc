import { copyableMetadata } from '../../workloads/copiedMetadata';
import type { LabelSelector, PodTemplate } from '../spec';
import { withStableAntiAffinity } from './antiAffinity';
import {
  DESIRED_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  UNCOPIED_ROLLOUT_ANNOTATIONS,
} from './constants';
import {
  creationRole,
  ephemeralMetadataFor,
  withEphemeralMetadata,
  type EphemeralRole,
} from './ephemeralMetadata';
import type {
  ArgoRolloutObject,
  KubeLabelSelector,
  OwnerReference,
  ReplicaSet,
} from './types';

export interface ReplicaSetOptions {
  /**
   * The stable ReplicaSet's hash, if the rollout has one: it decides the
   * ephemeral metadata of a new ReplicaSet (canary/preview while a
   * distinct stable exists, stable/active otherwise) and the anti-affinity
   * rule against the stable pods.
   */
  stableHash?: string;
  /** Overrides the ephemeral metadata role `stableHash` implies. */
  role?: EphemeralRole;
  /** The selector when the rollout has none of its own (a `workloadRef` rollout takes its Deployment's). */
  selector?: LabelSelector;
}

/** The name Argo gives a rollout's ReplicaSet: `<rollout>-<hash>`. */
export function replicaSetName(rolloutName: string, hash: string): string {
  return `${rolloutName}-${hash}`;
}

/** The owner reference Argo puts on its ReplicaSets (`metav1.NewControllerRef`). */
export function rolloutOwnerReference(
  rollout: ArgoRolloutObject,
): OwnerReference {
  return {
    apiVersion: rollout.spec.source.apiVersion,
    kind: rollout.spec.source.kind,
    name: rollout.spec.source.name,
    uid: rollout.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** `selector` with the hash added to `matchLabels` (`CloneSelectorAndAddLabel`), empty parts left out. */
export function selectorWithHash(
  selector: LabelSelector,
  hash: string,
): KubeLabelSelector {
  const out: KubeLabelSelector = {
    matchLabels: { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash },
  };
  if (selector.matchExpressions.length) {
    out.matchExpressions = selector.matchExpressions.map(e => ({
      key: e.key,
      operator: e.operator,
      ...(e.values.length ? { values: [...e.values] } : {}),
    }));
  }
  return out;
}

/**
 * The ReplicaSet Argo's `createDesiredReplicaSet` (`rollout/sync.go`)
 * makes for `template` (the rollout's, or the Deployment's under
 * `workloadRef`):
 *
 * - named `<rollout>-<hash>` in the rollout's namespace, owned by the
 *   Rollout (`controller: true`, `blockOwnerDeletion: true`);
 * - labelled, selecting and labelling its pods with the template's labels
 *   plus `rollouts-pod-template-hash: <hash>`;
 * - annotated with the Rollout's annotations (less kubectl's
 *   last-applied configuration, Argo's own revision keys, the
 *   notification engine's, and what Slipway never copies: the sync
 *   engine's tracking id, Flux's keys), `rollout.argoproj.io/revision`
 *   and `rollout.argoproj.io/desired-replicas` (`spec.replicas`);
 * - with the ephemeral metadata of its role injected into the pod
 *   template and recorded in `rollout.argoproj.io/ephemeral-metadata`;
 * - with the anti-affinity rule against the stable pods when the strategy
 *   asks for it, and the rollout's `minReadySeconds`.
 *
 * Argo creates it with 0 replicas and scales it afterwards; `replicas`
 * lets the caller create it at the size it has already worked out.
 */
export function replicaSetFor(
  rollout: ArgoRolloutObject,
  template: PodTemplate,
  hash: string,
  replicas: number,
  revision: number,
  options: ReplicaSetOptions = {},
): ReplicaSet {
  const { spec } = rollout;
  const selector = spec.selector ?? options.selector;
  if (!selector) {
    throw new Error(
      `Rollout ${spec.source.name} has no selector: pass the workloadRef Deployment's`,
    );
  }
  const labels = {
    ...template.metadata.labels,
    [POD_TEMPLATE_HASH_LABEL]: hash,
  };
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    copyableMetadata(rollout.annotations) ?? {},
  )) {
    if (!UNCOPIED_ROLLOUT_ANNOTATIONS.has(key)) annotations[key] = value;
  }
  annotations[REVISION_ANNOTATION] = String(revision);
  annotations[DESIRED_REPLICAS_ANNOTATION] = String(spec.replicas);

  const templateMetadata: ReplicaSet['spec']['template']['metadata'] = {
    labels: { ...labels },
  };
  if (Object.keys(template.metadata.annotations).length) {
    templateMetadata.annotations = { ...template.metadata.annotations };
  }
  const metadata: ReplicaSet['metadata'] = {
    name: replicaSetName(spec.source.name, hash),
    labels,
    annotations,
    ownerReferences: [rolloutOwnerReference(rollout)],
  };
  if (spec.source.namespace) metadata.namespace = spec.source.namespace;

  const replicaSet: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata,
    spec: {
      replicas,
      ...(spec.minReadySeconds
        ? { minReadySeconds: spec.minReadySeconds }
        : {}),
      selector: selectorWithHash(selector, hash),
      template: {
        metadata: templateMetadata,
        spec: withStableAntiAffinity(
          spec,
          structuredClone(template.spec),
          hash,
          options.stableHash,
        ),
      },
    },
  };
  const role = options.role ?? creationRole(hash, options.stableHash);
  return withEphemeralMetadata(replicaSet, ephemeralMetadataFor(spec, role))
    .replicaSet;
}
