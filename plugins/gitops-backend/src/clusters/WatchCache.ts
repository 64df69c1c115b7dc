import {
  KubeConfig,
  KubernetesObject as K8sObject,
  KubernetesObjectApi,
  makeInformer,
} from '@kubernetes/client-node';
import { KubernetesObject } from '@internal/plugin-gitops-node';

const withType = (obj: K8sObject, apiVersion: string, kind: string) =>
  ({ ...obj, apiVersion, kind }) as KubernetesObject;

type Informer = ReturnType<typeof makeInformer<K8sObject>>;

interface Entry {
  informer: Informer;
  synced: Promise<void>;
}

/**
 * Live objects of one cluster, kept by list+watch per kind. A watch that
 * ends is resumed by the client; one that fails is restarted here with
 * backoff, so a dropped connection heals by itself. Reads never call the API.
 */
export class WatchCache {
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<(obj: KubernetesObject) => void>();
  #stopped = false;
  /** Full lists made, including relists after a watch failed. */
  listCalls = 0;
  watchRestarts = 0;

  constructor(
    private readonly kc: KubeConfig,
    private readonly objects: KubernetesObjectApi,
    private readonly restartDelayMs = 1_000,
  ) {}

  /** Starts tracking a kind (cluster-wide) unless it already is; resolves once listed. */
  track(apiVersion: string, kind: string, path: string): Promise<void> {
    const key = `${apiVersion}/${kind}`;
    const existing = this.#entries.get(key);
    if (existing) return existing.synced;

    const informer = makeInformer<K8sObject>(this.kc, path, async () => {
      this.listCalls++;
      const list = await this.objects.list(apiVersion, kind);
      // List items come without apiVersion/kind; put them back for callers.
      list.items = list.items.map(item => ({ ...item, apiVersion, kind }));
      return list as any;
    });
    for (const verb of ['add', 'update', 'delete'] as const) {
      informer.on(verb, obj => {
        for (const listener of this.#listeners) listener(obj as KubernetesObject);
      });
    }
    let failures = 0;
    informer.on('error', () => {
      if (this.#stopped) return;
      failures++;
      this.watchRestarts++;
      const delay = Math.min(30_000, this.restartDelayMs * 2 ** (failures - 1));
      setTimeout(() => {
        if (!this.#stopped) informer.start().then(() => (failures = 0), () => undefined);
      }, delay).unref?.();
    });
    const synced = informer.start();
    this.#entries.set(key, { informer, synced });
    synced.catch(() => this.#entries.delete(key));
    return synced;
  }

  get(apiVersion: string, kind: string, name: string, namespace?: string) {
    const entry = this.#entries.get(`${apiVersion}/${kind}`);
    const found = entry?.informer.get(name, namespace);
    return found ? withType(found, apiVersion, kind) : undefined;
  }

  list(apiVersion: string, kind: string, namespace?: string): KubernetesObject[] {
    const entry = this.#entries.get(`${apiVersion}/${kind}`);
    return (entry?.informer.list(namespace) ?? []).map(o => withType(o, apiVersion, kind));
  }

  /** Called for every add, update and delete the watches see. */
  onChange(listener: (obj: KubernetesObject) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#entries.values()].map(e => e.informer.stop()));
    this.#entries.clear();
  }
}
