import { KubernetesObject } from '@slipway/plugin-gitops-node';

/** Names one object in a cluster. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** What the sync engine needs of a cluster. */
export interface ClusterApi {
  readonly name: string;
  /** Whether objects of the kind live in namespaces; throws for unknown kinds. */
  isNamespaced(apiVersion: string, kind: string): Promise<boolean>;
  /** Refuses a namespace outside the cluster's allow-list, with a message. */
  checkNamespace(namespace: string): void;
  /**
   * Server-side apply as field manager `slipway`, forcing conflicts; `as`
   * impersonates a user, so Kubernetes RBAC judges the write as that user.
   */
  apply(
    obj: KubernetesObject,
    options?: { dryRun?: boolean; as?: string },
  ): Promise<KubernetesObject>;
  /**
   * The live object from the cluster's watch cache, kept current by watches.
   * Live objects are frozen and shared by every reader: copy one to change it.
   */
  getLive(ref: ObjectRef): Promise<KubernetesObject | undefined>;
  /** Live objects of a kind in a namespace, optionally only those one object owns, from the watch cache (frozen). */
  listLive(
    apiVersion: string,
    kind: string,
    namespace?: string,
    ownerUid?: string,
  ): Promise<KubernetesObject[]>;
  delete(ref: ObjectRef, options?: { as?: string }): Promise<void>;
  /** The apiVersion the cluster prefers for a group's kind. */
  preferredVersion(group: string, kind: string): Promise<string>;
  /**
   * Listens, from this call on, for the watch cache's next change to one of
   * the objects `ids` name (see `objectId`): `changed` resolves then, or
   * after `timeoutMs`. Listening starts before the caller looks, so a
   * change that lands while it compares is not missed; `stop` ends it early.
   */
  nextChange(ids: string[], timeoutMs: number): LiveChange;
}

/** A pending wait for a change; see `ClusterApi.nextChange`. */
export interface LiveChange {
  changed: Promise<void>;
  stop(): void;
}

/** Finds a configured cluster by name; throws for an unknown one. */
export interface ClusterResolver {
  get(name: string): ClusterApi;
}
