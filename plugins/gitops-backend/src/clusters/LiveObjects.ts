import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { deepFreeze } from '../kube/values';

const keyOf = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

const ownerUidsOf = (obj: KubernetesObject): string[] =>
  ((obj.metadata.ownerReferences ?? []) as { uid?: unknown }[]).flatMap(ref =>
    typeof ref.uid === 'string' ? [ref.uid] : [],
  );

function addTo(index: Map<string, Set<string>>, indexKey: string, key: string) {
  let keys = index.get(indexKey);
  if (!keys) index.set(indexKey, (keys = new Set()));
  keys.add(key);
}

function removeFrom(
  index: Map<string, Set<string>>,
  indexKey: string,
  key: string,
) {
  const keys = index.get(indexKey);
  keys?.delete(key);
  if (keys?.size === 0) index.delete(indexKey);
}

/**
 * The objects one watch holds, by namespace and name, with indexes by
 * namespace and by the uid of every owner an object references, so a
 * lookup costs what it returns rather than what the cluster holds (an app's
 * ReplicaSets among every ReplicaSet of the cluster).
 *
 * Objects are frozen when stored and handed out as they are: readers share
 * them without copies, and a reader that tries to change one gets a
 * TypeError instead of corrupting the cache.
 */
export class LiveObjects {
  readonly #byKey = new Map<string, KubernetesObject>();
  readonly #byNamespace = new Map<string, Set<string>>();
  readonly #byOwnerUid = new Map<string, Set<string>>();

  get size(): number {
    return this.#byKey.size;
  }

  /** Stores (or replaces) an object; returns the one it replaced. */
  set(obj: KubernetesObject): KubernetesObject | undefined {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    const previous = this.#unindex(key);
    this.#byKey.set(key, deepFreeze(obj));
    if (obj.metadata.namespace)
      addTo(this.#byNamespace, obj.metadata.namespace, key);
    for (const uid of ownerUidsOf(obj)) addTo(this.#byOwnerUid, uid, key);
    return previous;
  }

  /** Removes the object with this namespace and name; returns it. */
  delete(
    namespace: string | undefined,
    name: string,
  ): KubernetesObject | undefined {
    const key = keyOf(namespace, name);
    const previous = this.#unindex(key);
    this.#byKey.delete(key);
    return previous;
  }

  get(
    namespace: string | undefined,
    name: string,
  ): KubernetesObject | undefined {
    return this.#byKey.get(keyOf(namespace, name));
  }

  values(): IterableIterator<KubernetesObject> {
    return this.#byKey.values();
  }

  /** The objects of one namespace. */
  *inNamespace(namespace: string): Generator<KubernetesObject> {
    yield* this.#resolve(this.#byNamespace.get(namespace));
  }

  /** The objects with an ownerReference to this uid. */
  *ownedBy(uid: string): Generator<KubernetesObject> {
    yield* this.#resolve(this.#byOwnerUid.get(uid));
  }

  *#resolve(keys: Set<string> | undefined): Generator<KubernetesObject> {
    for (const key of keys ?? []) yield this.#byKey.get(key)!;
  }

  #unindex(key: string): KubernetesObject | undefined {
    const previous = this.#byKey.get(key);
    if (!previous) return undefined;
    if (previous.metadata.namespace)
      removeFrom(this.#byNamespace, previous.metadata.namespace, key);
    for (const uid of ownerUidsOf(previous))
      removeFrom(this.#byOwnerUid, uid, key);
    return previous;
  }
}
