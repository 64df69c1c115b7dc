import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ObjectRef } from '../kube/ClusterApi';
import { ResourceInfo, resourcePath } from './ApiDiscovery';
import { ChangeType, KindWatch, WatchCounters } from './KindWatch';
import { KubeHttpClient } from './KubeHttpClient';
import { LiveObjects } from './LiveObjects';
import { parseLabelSelector } from './labelSelector';
import { NamespaceAllowList } from './NamespaceAllowList';

/** The narrowest index that holds every match; the caller still filters. */
function candidatesOf(
  objects: LiveObjects,
  ownerUid?: string,
  namespace?: string,
): Iterable<KubernetesObject> {
  if (ownerUid) return objects.ownedBy(ownerUid);
  if (namespace) return objects.inNamespace(namespace);
  return objects.values();
}

export type ChangeListener = (
  obj: KubernetesObject,
  change: ChangeType,
) => void;

export interface WatchCacheOptions {
  /** Items per list page (default 500, as Argo CD). */
  pageSize?: number;
  /** Server-side watch timeout before we resume (default 300 s, ±20 %). */
  watchTimeoutSeconds?: number;
  /** Retry delays after a failed watch (default 1 s doubling to 30 s). */
  backoff?: { initialMs: number; maxMs: number };
}

export interface WatchCacheDeps {
  clusterName: string;
  http: KubeHttpClient;
  resolveResource(apiVersion: string, kind: string): Promise<ResourceInfo>;
  namespaces: NamespaceAllowList;
  logger?: LoggerService;
}

interface Tracked {
  info?: ResourceInfo;
  /** One watch cluster-wide, or one per allowed namespace. */
  watches: KindWatch[];
  synced: Promise<void>;
}

/**
 * The live objects of one cluster for the kinds the engine tracks. Reads
 * (`get`, `list`) are answered from memory and never call the API server.
 *
 * Namespaced kinds are watched only in the cluster's allowed namespaces
 * (cluster-wide when it allows `*`): Slipway touches nothing elsewhere, a
 * namespace-scoped identity can still watch, and a big cluster's Pods are not
 * all held in memory.
 */
export class WatchCache {
  readonly #deps: WatchCacheDeps;
  readonly #options: Required<WatchCacheOptions>;
  readonly #tracked = new Map<string, Tracked>();
  readonly #listeners = new Set<ChangeListener>();
  readonly #counters: WatchCounters = { listCalls: 0, watchRestarts: 0 };
  #stopped = false;

  constructor(deps: WatchCacheDeps, options: WatchCacheOptions = {}) {
    this.#deps = deps;
    this.#options = {
      pageSize: options.pageSize ?? 500,
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? 300,
      backoff: options.backoff ?? { initialMs: 1_000, maxMs: 30_000 },
    };
  }

  /** Full lists made so far, including relists after an expired watch. */
  get listCalls(): number {
    return this.#counters.listCalls;
  }

  /** Watches reopened after one ended, failed or expired. */
  get watchRestarts(): number {
    return this.#counters.watchRestarts;
  }

  /** Starts keeping a kind unless it already is; resolves once it is listed. */
  track(apiVersion: string, kind: string): Promise<void> {
    if (this.#stopped)
      return Promise.reject(
        new Error(
          `The watch cache of cluster '${this.#deps.clusterName}' is stopped`,
        ),
      );
    const key = `${apiVersion}/${kind}`;
    const existing = this.#tracked.get(key);
    if (existing) return existing.synced;
    const tracked: Tracked = { watches: [], synced: Promise.resolve() };
    tracked.synced = this.#start(apiVersion, kind, tracked).catch(
      async error => {
        // Forget the kind so that the next track() tries again.
        if (this.#tracked.get(key) === tracked) this.#tracked.delete(key);
        await Promise.all(tracked.watches.map(w => w.stop()));
        throw error;
      },
    );
    this.#tracked.set(key, tracked);
    return tracked.synced;
  }

  /** Resolves once the kind's first list is in; rejects if it is not tracked or that list failed. */
  synced(apiVersion: string, kind: string): Promise<void> {
    const tracked = this.#tracked.get(`${apiVersion}/${kind}`);
    return (
      tracked?.synced ?? Promise.reject(this.#notTracked(apiVersion, kind))
    );
  }

  /**
   * The live object, or undefined when the cluster has none. Throws for
   * kinds not yet synced. Objects are frozen and shared: copy one to change it.
   */
  get(ref: ObjectRef): KubernetesObject | undefined {
    const tracked = this.#ready(ref.apiVersion, ref.kind);
    const namespace = tracked.info!.namespaced ? ref.namespace : undefined;
    for (const watch of tracked.watches) {
      const found = watch.objects.get(namespace, ref.name);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Live objects of a kind, optionally in one namespace, owned by one object
   * and matching a label selector; frozen like `get`'s. `apiVersion` may be
   * left out when the kind is tracked in one version only. An owner or a
   * namespace is looked up in an index: the cost is what it returns.
   */
  list(query: {
    apiVersion?: string;
    kind: string;
    namespace?: string;
    labelSelector?: string;
    /** Only objects with an ownerReference to this uid. */
    ownerUid?: string;
  }): KubernetesObject[] {
    const apiVersion = query.apiVersion ?? this.#onlyVersionOf(query.kind);
    const tracked = this.#ready(apiVersion, query.kind);
    const matches = parseLabelSelector(query.labelSelector);
    const result: KubernetesObject[] = [];
    const namespace = tracked.info!.namespaced ? query.namespace : undefined;
    for (const { objects } of tracked.watches) {
      for (const obj of candidatesOf(objects, query.ownerUid, namespace)) {
        if (namespace && obj.metadata.namespace !== namespace) continue;
        if (matches(obj.metadata.labels)) result.push(obj);
      }
    }
    return result;
  }

  /** Calls the listener for every add, update and delete seen; returns an unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Ends every watch and waits for their loops; no timers or sockets stay behind. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const all = [...this.#tracked.values()];
    this.#tracked.clear();
    await Promise.all(all.flatMap(t => t.watches.map(w => w.stop())));
  }

  async #start(
    apiVersion: string,
    kind: string,
    tracked: Tracked,
  ): Promise<void> {
    const info = await this.#deps.resolveResource(apiVersion, kind);
    const allowed = this.#deps.namespaces;
    const scopes =
      info.namespaced && !allowed.allowsAll ? allowed.namespaces : [undefined];
    tracked.watches = scopes.map(
      namespace =>
        new KindWatch({
          http: this.#deps.http,
          path: resourcePath(info, namespace),
          apiVersion,
          kind,
          counters: this.#counters,
          onChange: (type, obj) => {
            for (const listener of this.#listeners) listener(obj, type);
          },
          logger: this.#deps.logger,
          ...this.#options,
        }),
    );
    if (this.#stopped) return;
    tracked.watches.forEach(w => w.start());
    await Promise.all(tracked.watches.map(w => w.synced));
    tracked.info = info;
  }

  #ready(apiVersion: string, kind: string): Tracked {
    const tracked = this.#tracked.get(`${apiVersion}/${kind}`);
    if (!tracked) throw this.#notTracked(apiVersion, kind);
    if (!tracked.info) {
      throw new Error(
        `${kind} (${apiVersion}) on cluster '${
          this.#deps.clusterName
        }' is not synced yet; await track() first`,
      );
    }
    return tracked;
  }

  #onlyVersionOf(kind: string): string {
    const versions = [...this.#tracked.keys()]
      .filter(key => key.endsWith(`/${kind}`))
      .map(key => key.slice(0, -kind.length - 1));
    if (versions.length === 1) return versions[0];
    if (versions.length === 0) throw this.#notTracked('any apiVersion', kind);
    throw new Error(
      `${kind} is tracked in several apiVersions (${versions.join(
        ', ',
      )}); name one`,
    );
  }

  #notTracked(apiVersion: string, kind: string): Error {
    return new Error(
      `${kind} (${apiVersion}) is not tracked on cluster '${
        this.#deps.clusterName
      }'; call track() first`,
    );
  }
}
