import type {
  KubernetesObject,
  KubernetesObjectRef,
} from '@slipway/plugin-gitops-node';

/** What the cached reads need of a cluster: its name and its watch cache. */
export interface LiveReader {
  readonly name: string;
  /** The object as the watch cache holds it (tracking its kind first). */
  getLive(ref: KubernetesObjectRef): Promise<KubernetesObject | undefined>;
}

export interface CachedRolloutReadsOptions {
  /** How long a direct read or write vouches for cached reads; then RBAC judges a direct read again. */
  vouchedForMs?: number;
  /** How long a kind the watch cache could not track is read directly before trying again. */
  untrackableForMs?: number;
  now?: () => number;
}

/** Never read from the cache: the watch cache would keep every Secret of the namespaces in memory. */
const NEVER_CACHED = new Set(['Secret']);

/** An etcd revision as a number, or undefined when the server's versions are not plain integers. */
function revisionOf(object: KubernetesObject): bigint | undefined {
  const version = object.metadata.resourceVersion;
  return typeof version === 'string' && /^\d{1,20}$/.test(version)
    ? BigInt(version)
    : undefined;
}

const keyOf = (
  cluster: string,
  as: string | undefined,
  ref: KubernetesObjectRef,
) =>
  `${cluster}|${as ?? ''}|${ref.apiVersion}|${ref.kind}|${
    ref.namespace ?? ''
  }|${ref.name}`;

/**
 * Lets the rollout engine read the objects of its ticks (workloads, Services,
 * routing objects) from the cluster's watch cache instead of the API server,
 * without ever seeing one older than what it last read or wrote itself.
 *
 * A cached read is used only for an object that a direct read or write made
 * as the same identity (the destination's ServiceAccount) returned in the
 * last few minutes, and only when the cache holds that object at the same
 * or a later revision: the cache has then seen the engine's own write, so a
 * primary is never taken for rolled out on the strength of a stale copy.
 * Everything else goes to the API server, as that identity, so Kubernetes
 * RBAC still judges every object before the cache may answer for it.
 */
export class CachedRolloutReads {
  readonly #vouched = new Map<string, { revision: bigint; until: number }>();
  readonly #untrackable = new Map<string, number>();
  readonly #vouchedForMs: number;
  readonly #untrackableForMs: number;
  readonly #now: () => number;
  #sinceSweep = 0;

  constructor(options: CachedRolloutReadsOptions = {}) {
    this.#vouchedForMs = options.vouchedForMs ?? 5 * 60_000;
    this.#untrackableForMs = options.untrackableForMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The object from the watch cache (frozen: copy it to change it), or
   * undefined when it must be read directly.
   */
  async read(
    cluster: LiveReader,
    ref: KubernetesObjectRef,
    as: string | undefined,
  ): Promise<KubernetesObject | undefined> {
    const key = keyOf(cluster.name, as, ref);
    const vouched = this.#vouched.get(key);
    if (!vouched) return undefined;
    const now = this.#now();
    if (vouched.until <= now) {
      this.#vouched.delete(key);
      return undefined;
    }
    const kind = `${cluster.name}|${ref.apiVersion}|${ref.kind}`;
    if ((this.#untrackable.get(kind) ?? 0) > now) return undefined;
    let cached: KubernetesObject | undefined;
    try {
      cached = await cluster.getLive(ref);
    } catch {
      // Slipway may not watch this kind (no RBAC, no such API): read directly.
      this.#untrackable.set(kind, now + this.#untrackableForMs);
      return undefined;
    }
    const revision = cached && revisionOf(cached);
    return revision !== undefined && revision >= vouched.revision
      ? cached
      : undefined;
  }

  /** Remembers what a direct read or a write as `as` returned; a missing object vouches for nothing. */
  vouch(
    cluster: string,
    as: string | undefined,
    ref: KubernetesObjectRef,
    object: KubernetesObject | undefined,
  ): void {
    const key = keyOf(cluster, as, ref);
    const revision = object && revisionOf(object);
    if (revision === undefined || NEVER_CACHED.has(ref.kind)) {
      this.#vouched.delete(key);
      return;
    }
    this.#vouched.set(key, {
      revision,
      until: this.#now() + this.#vouchedForMs,
    });
    if (++this.#sinceSweep >= 1_000) this.#sweep();
  }

  /** After a delete the next read goes to the API server. */
  forget(
    cluster: string,
    as: string | undefined,
    ref: KubernetesObjectRef,
  ): void {
    this.#vouched.delete(keyOf(cluster, as, ref));
  }

  /** Objects of rollouts that ended or moved away stop being remembered. */
  #sweep() {
    this.#sinceSweep = 0;
    const now = this.#now();
    for (const [key, { until }] of this.#vouched) {
      if (until <= now) this.#vouched.delete(key);
    }
  }
}
