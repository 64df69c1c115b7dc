import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { KubeApiError, toKubeApiError } from './KubeApiError';
import { KubeHttpClient, WatchEvent, WatchStream } from './KubeHttpClient';
import { LiveObjects } from './LiveObjects';
import { slimLiveObject } from './slimLiveObject';

export type ChangeType = 'added' | 'modified' | 'deleted';

/** Counters shared by all watches of one cache. */
export interface WatchCounters {
  /** Full lists (each may take several pages). */
  listCalls: number;
  /** Watches reopened after the previous one ended, failed or expired. */
  watchRestarts: number;
}

export interface KindWatchOptions {
  http: KubeHttpClient;
  /** Collection path: cluster-wide or one namespace. */
  path: string;
  apiVersion: string;
  kind: string;
  counters: WatchCounters;
  onChange: (type: ChangeType, obj: KubernetesObject) => void;
  logger?: LoggerService;
  pageSize: number;
  /** Asks the server to end each watch after about this long; we then resume. */
  watchTimeoutSeconds: number;
  backoff: { initialMs: number; maxMs: number };
}

const isExpired = (error: unknown) =>
  error instanceof KubeApiError && (error.statusCode === 410 || error.reason === 'Expired' || error.reason === 'Gone');

/**
 * The objects of one kind in one scope, kept by list then watch. The loop
 * resumes a watch that ended from the last resourceVersion seen, relists when
 * the server says that version expired (410 Gone), and retries any other
 * failure with exponential backoff, so a dropped connection heals by itself.
 * Only the first list can fail the watch: there is nothing to serve before it.
 */
export class KindWatch {
  readonly synced: Promise<void>;
  readonly #options: KindWatchOptions;
  #objects = new LiveObjects();
  #resourceVersion = '';
  #stream?: WatchStream;
  #sleep?: { timer: NodeJS.Timeout; wake: () => void };
  #stopped = false;
  #isSynced = false;
  #markSynced!: () => void;
  #failSync!: (error: Error) => void;
  #loop?: Promise<void>;

  constructor(options: KindWatchOptions) {
    this.#options = options;
    this.synced = new Promise<void>((resolve, reject) => {
      this.#markSynced = resolve;
      this.#failSync = reject;
    });
    // Callers may never await `synced`; a failed first list is still reported through them.
    this.synced.catch(() => undefined);
  }

  get isSynced(): boolean {
    return this.#isSynced;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** What the watch holds now (frozen objects, indexed). */
  get objects(): LiveObjects {
    return this.#objects;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stream?.abort();
    if (this.#sleep) {
      clearTimeout(this.#sleep.timer);
      this.#sleep.wake();
    }
    await this.#loop;
  }

  async #run(): Promise<void> {
    let failures = 0;
    let opened = false;
    while (!this.#stopped) {
      try {
        if (!this.#resourceVersion) await this.#relist();
        if (this.#stopped) return;
        if (opened) this.#options.counters.watchRestarts++;
        opened = true;
        await this.#watchOnce();
        failures = 0;
      } catch (error) {
        if (this.#stopped) return;
        if (!this.#isSynced) {
          this.#failSync(this.#describe(error, 'list'));
          return;
        }
        if (isExpired(error)) {
          // Our resourceVersion is older than the server keeps: start over.
          this.#resourceVersion = '';
          this.#options.logger?.info(`Watch of ${this.#label()} expired; relisting`);
          continue;
        }
        failures++;
        const { initialMs, maxMs } = this.#options.backoff;
        const delay = Math.min(maxMs, initialMs * 2 ** (failures - 1));
        this.#options.logger?.warn(
          `Watch of ${this.#label()} failed (${toKubeApiError(error).message}); retrying in ${delay}ms`,
        );
        await this.#pause(delay);
      }
    }
  }

  /** Lists every page, then swaps the cache and reports what changed meanwhile. */
  async #relist(): Promise<void> {
    const { http, path, apiVersion, kind, pageSize } = this.#options;
    this.#options.counters.listCalls++;
    const fresh = new LiveObjects();
    let resourceVersion = '';
    let next: string | undefined;
    do {
      const page: {
        items?: KubernetesObject[];
        metadata?: { resourceVersion?: string; continue?: string };
      } = await http.request('GET', path, { query: { limit: pageSize, continue: next } });
      for (const item of page.items ?? []) {
        // List items come without apiVersion and kind.
        fresh.set(slimLiveObject({ ...item, apiVersion, kind }));
      }
      resourceVersion = page.metadata?.resourceVersion ?? '';
      next = page.metadata?.continue || undefined;
    } while (next && !this.#stopped);

    const previous = this.#objects;
    this.#objects = fresh;
    this.#resourceVersion = resourceVersion;
    if (!this.#isSynced) {
      this.#isSynced = true;
      this.#markSynced();
      return;
    }
    // After an outage: tell listeners what they missed.
    for (const obj of previous.values()) {
      if (!fresh.get(obj.metadata.namespace, obj.metadata.name)) this.#emit('deleted', obj);
    }
    for (const obj of fresh.values()) {
      const before = previous.get(obj.metadata.namespace, obj.metadata.name);
      if (!before) this.#emit('added', obj);
      else if (before.metadata.resourceVersion !== obj.metadata.resourceVersion) this.#emit('modified', obj);
    }
  }

  async #watchOnce(): Promise<void> {
    const { http, path, watchTimeoutSeconds } = this.#options;
    // Spread the server-side timeouts so many watches do not reconnect at once.
    const timeoutSeconds = Math.round(watchTimeoutSeconds * (0.8 + Math.random() * 0.4));
    this.#stream = await http.watch(
      path,
      { resourceVersion: this.#resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
      event => this.#onEvent(event),
      (timeoutSeconds + 30) * 1000,
    );
    if (this.#stopped) this.#stream.abort();
    try {
      await this.#stream.done;
    } finally {
      this.#stream = undefined;
    }
  }

  #onEvent(event: WatchEvent): void {
    const obj = event.object as KubernetesObject;
    if (event.type === 'ERROR') {
      const status = event.object as { code?: number; reason?: string; message?: string };
      throw new KubeApiError(
        `${status.reason ?? 'Error'} (${status.code}): ${status.message ?? 'watch error'}`,
        status.code,
        status.reason,
      );
    }
    const resourceVersion = obj?.metadata?.resourceVersion;
    if (typeof resourceVersion === 'string' && resourceVersion) this.#resourceVersion = resourceVersion;
    if (event.type === 'BOOKMARK') return;
    if (event.type === 'DELETED') {
      this.#objects.delete(obj.metadata.namespace, obj.metadata.name);
      this.#emit('deleted', obj);
    } else {
      const kept = slimLiveObject(obj);
      const existed = this.#objects.set(kept);
      this.#emit(existed ? 'modified' : 'added', kept);
    }
  }

  #emit(type: ChangeType, obj: KubernetesObject): void {
    try {
      this.#options.onChange(type, obj);
    } catch (error) {
      this.#options.logger?.error(`A change listener failed on ${this.#label()}: ${(error as Error).message}`);
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.#sleep = undefined;
        resolve();
      }, ms);
      this.#sleep = { timer, wake: resolve };
    });
  }

  #describe(error: unknown, action: string): KubeApiError {
    return toKubeApiError(error).withContext(`Cannot ${action} ${this.#label()}`);
  }

  #label(): string {
    return `${this.#options.kind} (${this.#options.apiVersion}) at ${this.#options.path}`;
  }
}
