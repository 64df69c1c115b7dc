import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SLIPWAY_ANNOTATIONS } from '@internal/plugin-gitops-common';
import type { ProjectSettings } from '@internal/plugin-gitops-node';
import { ParsedApp } from '../../catalog/AppSpec';
import { parseAnnotations } from '../../catalog/parseAnnotations';
import { GitopsStore } from '../../database/GitopsStore';
import { normalizeRepoUrl, RepoCache } from '@internal/plugin-gitops-node';
import { AppReconciler, ReconcileResult, SyncRequest } from '../AppReconciler';
import { AppQueue } from './AppQueue';
import { backoffDelay, SELF_HEAL_BACKOFF, SYNC_RETRY, withJitter } from './backoff';

// Watch events come in bursts (a rollout updates status many times).
const LIVE_CHANGE_DEBOUNCE_MS = 1_000;

export interface SyncEngineOptions {
  /** Time between reconciles of one app. */
  intervalMs: number;
  /** Up to this much is added to each interval, so apps spread out. */
  jitterMs: number;
  /** Time between reads of the catalog for added, changed and removed entities. */
  catalogRefreshMs: number;
  /** Reconciles running at once, across apps. */
  concurrency: number;
}

/**
 * Keeps every annotated entity's apps reconciled: follows the catalog,
 * reconciles each app on its interval (with jitter) and on demand, retries
 * failed automatic syncs with backoff, and never runs one app twice at once.
 */
export class SyncEngine {
  readonly #apps = new Map<string, ParsedApp>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #failures = new Map<string, number>();
  readonly #queue: AppQueue;
  readonly #soon = new Set<string>();
  #catalogTimer?: NodeJS.Timeout;
  #stopped = false;

  constructor(
    private readonly deps: {
      store: GitopsStore;
      catalog: CatalogService;
      auth: AuthService;
      reconciler: AppReconciler;
      logger: LoggerService;
      /** `slipway.projects`: every app is bound to one, or is invalid. */
      projects: ProjectSettings;
      /** To drop remembered ref listings when someone asks for fresh state. */
      repos?: RepoCache;
    },
    private readonly options: SyncEngineOptions,
  ) {
    this.#queue = new AppQueue(options.concurrency);
  }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.refreshCatalog().catch(error =>
      this.deps.logger.warn(`Reading the catalog failed: ${error}`),
    );
    const loop = () => {
      this.#catalogTimer = setTimeout(async () => {
        await this.refreshCatalog().catch(error =>
          this.deps.logger.warn(`Reading the catalog failed: ${error}`),
        );
        if (!this.#stopped) loop();
      }, this.options.catalogRefreshMs);
    };
    loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#catalogTimer);
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await this.#queue.idle();
  }

  /** Reads annotated entities and brings the app set in line with them. */
  async refreshCatalog(): Promise<void> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      { filter: { [`metadata.annotations.${SLIPWAY_ANNOTATIONS.repo}`]: CATALOG_FILTER_EXISTS } },
      { credentials },
    );
    const current = new Map(
      items.flatMap(entity => parseAnnotations(entity, this.deps.projects)).map(a => [a.key, a]),
    );
    // An empty answer is far more likely a catalog that is still starting
    // than every entity leaving at once: keep every app and its state (pins,
    // inventories) rather than forget them.
    if (current.size === 0) {
      this.deps.logger.warn('The catalog returned no annotated entities; keeping the known apps');
      return;
    }
    for (const key of this.#apps.keys()) {
      if (!current.has(key)) this.#forget(key);
    }
    for (const [key, app] of current) {
      const known = this.#apps.get(key);
      this.#apps.set(key, app);
      if (!known || JSON.stringify(known) !== JSON.stringify(app)) this.#schedule(key, 0);
    }
    const entityRefs = [...new Set([...current.values()].map(a => a.entityRef))];
    await this.deps.store.removeAppsOfOtherEntities(entityRefs);
    for (const ref of entityRefs) {
      const keys = [...current.values()].filter(a => a.entityRef === ref).map(a => a.key);
      await this.deps.store.removeStaleApps(ref, keys);
    }
  }

  /** The app as the catalog currently declares it. */
  getApp(key: string): ParsedApp | undefined {
    return this.#apps.get(key);
  }

  /** Reconciles now, syncing if asked; waits for the result. */
  async reconcile(key: string, request?: SyncRequest): Promise<ReconcileResult> {
    const app = this.#apps.get(key);
    if (!app) throw new Error(`No app '${key}'`);
    if (app.valid) this.deps.repos?.repo(app.repoUrl).forgetRemoteRefs();
    return this.#queue.run(key, () => this.#reconcileAndReschedule(app, request));
  }

  /** A push to a repository: refresh every app that follows it, now. */
  refreshRepo(repoUrl: string): string[] {
    const url = normalizeRepoUrl(repoUrl);
    const keys = [...this.#apps.values()]
      .filter(a => a.valid && normalizeRepoUrl(a.repoUrl) === url)
      .map(a => a.key);
    if (keys.length) this.deps.repos?.repo(repoUrl).forgetRemoteRefs();
    for (const key of keys) this.#schedule(key, 0);
    return keys;
  }

  /** Something an app owns changed in a cluster: look at the app soon. */
  liveChanged(key: string): void {
    if (this.#apps.has(key) && !this.#soon.has(key)) {
      this.#soon.add(key);
      setTimeout(() => {
        this.#soon.delete(key);
        this.#schedule(key, 0);
      }, LIVE_CHANGE_DEBOUNCE_MS).unref?.();
    }
  }

  #forget(key: string) {
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    this.#failures.delete(key);
    this.#apps.delete(key);
  }

  #schedule(key: string, delayMs: number) {
    if (this.#stopped) return;
    clearTimeout(this.#timers.get(key));
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      const app = this.#apps.get(key);
      if (app) this.#queue.refresh(key, () => this.#reconcileAndReschedule(app));
    }, delayMs);
    timer.unref?.();
    this.#timers.set(key, timer);
  }

  async #reconcileAndReschedule(app: ParsedApp, request?: SyncRequest) {
    const result = await this.deps.reconciler.reconcile(app, request);
    const failures = result.synced && !result.ok ? (this.#failures.get(app.key) ?? 0) + 1 : 0;
    this.#failures.set(app.key, failures);
    if (failures > 0 && failures < SYNC_RETRY.limit && app.valid && app.syncPolicy === 'auto') {
      this.#schedule(app.key, backoffDelay(failures, SYNC_RETRY));
    } else if (result.synced && request === undefined && app.valid && app.selfHeal) {
      // Self-heal just acted: look again soon, backing off if drift keeps coming.
      this.#schedule(app.key, backoffDelay(1, SELF_HEAL_BACKOFF));
    } else {
      this.#schedule(app.key, withJitter(this.options.intervalMs, this.options.jitterMs));
    }
    return result;
  }
}
