import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { ProjectSettings, RepoCache } from '@slipway/plugin-gitops-node';
import { ParsedApp } from '../../catalog/AppSpec';
import type { AppLeases, ClaimedApp } from '../../database/AppLeases';
import { GitopsStore } from '../../database/GitopsStore';
import type { OperationStore } from '../../database/OperationStore';
import { EngineMetrics, noEngineMetrics } from '../../metrics';
import { AppReconciler, ReconcileResult, SyncRequest } from '../AppReconciler';
import { followCatalog } from './followCatalog';
import { LeaseKeeper } from './LeaseKeeper';
import { runClaimedApp } from './runClaimedApp';

// Watch events come in bursts (a rollout updates status many times).
const LIVE_CHANGE_DEBOUNCE_MS = 1_000;
// How often an in-process caller looks again for an app another holds.
const CLAIM_RETRY_MS = 100;

export interface SyncEngineOptions {
  /** This backend instance, in leases, runs and operations. */
  owner: string;
  /** Time between reconciles of one app. */
  intervalMs: number;
  /** Up to this much is added to each interval, so apps spread out. */
  jitterMs: number;
  /** Time between reads of the catalog for added, changed and removed entities. */
  catalogRefreshMs: number;
  /** Reconciles running at once in this backend. */
  concurrency: number;
  /** How long a claim holds without renewal: a dead backend's apps move after it. */
  leaseMs: number;
  /** How often this backend looks for due apps when nothing woke it. */
  claimIntervalMs: number;
}

export interface SyncEngineDeps {
  store: GitopsStore;
  leases: AppLeases;
  operations: OperationStore;
  catalog: CatalogService;
  auth: AuthService;
  reconciler: AppReconciler;
  logger: LoggerService;
  /** `slipway.projects`: every app is bound to one, or is invalid. */
  projects: ProjectSettings;
  /** To drop remembered ref listings when someone asks for fresh state. */
  repos?: RepoCache;
  /** Runs the loops that need one runner across replicas; without it, local timers. */
  scheduler?: SchedulerService;
  metrics?: EngineMetrics;
}

/**
 * Keeps every annotated entity's apps reconciled, sharing the work with
 * the other backend replicas through the database: the catalog's apps are
 * rows with a due time; each replica claims due apps under a lease, works
 * on them (pending operations first), and releases them with their next
 * due time. Pushes, watch events and operations make an app due at once.
 */
export class SyncEngine {
  /** Apps this backend works on, with their lease keepers. */
  readonly #working = new Map<string, LeaseKeeper>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #soon = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #claimTimer?: NodeJS.Timeout;
  #claiming?: Promise<void>;
  #claimAgain = false;
  #stopped = true;
  #lastClaimError = '';
  readonly #metrics: EngineMetrics;

  constructor(
    private readonly deps: SyncEngineDeps,
    private readonly options: SyncEngineOptions,
  ) {
    this.#metrics = deps.metrics ?? noEngineMetrics;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    const { scheduler } = this.deps;
    const catalogTask = () =>
      this.refreshCatalog().catch(error => {
        this.#metrics.errorSeen('catalog');
        this.deps.logger.warn(`Reading the catalog failed: ${error}`);
      });
    const recoveryTask = () =>
      this.recover().catch(error =>
        this.deps.logger.warn(`Closing interrupted work failed: ${error}`),
      );
    // Each replica reads the catalog and closes orphaned work as it starts,
    // so its apps exist at once; after that one replica at a time does.
    await catalogTask();
    await recoveryTask();
    if (scheduler) {
      await scheduler.scheduleTask({
        id: 'gitops-catalog',
        scope: 'global',
        frequency: { milliseconds: this.options.catalogRefreshMs },
        initialDelay: { milliseconds: this.options.catalogRefreshMs },
        timeout: { minutes: 10 },
        fn: catalogTask,
      });
      await scheduler.scheduleTask({
        id: 'gitops-recovery',
        scope: 'global',
        frequency: { milliseconds: this.options.leaseMs },
        initialDelay: { milliseconds: this.options.leaseMs },
        timeout: { minutes: 5 },
        fn: recoveryTask,
      });
    } else {
      this.#every(this.options.catalogRefreshMs, catalogTask);
      this.#every(this.options.leaseMs, recoveryTask);
    }
    this.wake();
  }

  /** Stops claiming; work in flight stops applying and hands its app back. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#claimTimer);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const keeper of this.#working.values()) {
      keeper.abort(
        'Interrupted: the backend running this sync is shutting down',
      );
    }
    await this.idle();
  }

  /** Resolves when no work of this backend runs. */
  async idle(): Promise<void> {
    while (this.#claiming || this.#inFlight.size) {
      await Promise.allSettled([this.#claiming, ...this.#inFlight]);
    }
  }

  /** Reads annotated entities into the apps table (one replica at a time). */
  async refreshCatalog(): Promise<void> {
    await followCatalog(this.deps);
    this.wake();
  }

  /** Ends work whose backend stopped; automatic syncs it interrupted run again. */
  async recover(): Promise<void> {
    const runs = await this.deps.leases.interruptOrphans();
    const automatic = runs.filter(r => r.trigger !== 'manual');
    if (runs.length) {
      this.deps.logger.info(
        `Closed ${runs.length} sync runs whose backend stopped: ${runs
          .map(r => `${r.appKey} run ${r.id}`)
          .join(', ')}`,
      );
    }
    if (automatic.length) {
      await this.deps.leases.makeDue({ keys: automatic.map(r => r.appKey) });
      this.wake();
    }
  }

  /** The app as the catalog currently declares it. */
  getApp(key: string): Promise<ParsedApp | undefined> {
    return this.deps.leases.declared(key);
  }

  /** The apps of `keys` as the catalog currently declares them. */
  getApps(keys: string[]): Promise<Map<string, ParsedApp>> {
    return this.deps.leases.declaredApps(keys);
  }

  /**
   * Reconciles one app in this process now, syncing if asked, and waits for
   * the result: waits while another backend holds the app.
   */
  async reconcile(
    key: string,
    request?: SyncRequest,
  ): Promise<ReconcileResult> {
    const deadline = Date.now() + 2 * this.options.leaseMs + 5_000;
    for (;;) {
      const claimed = await this.deps.leases.claim(
        key,
        this.options.owner,
        this.options.leaseMs,
      );
      if (claimed) {
        const result = await this.#track(this.#work(claimed, request));
        if (result) return result;
        throw new ServiceUnavailableError(`Another backend took over ${key}`);
      }
      if (!(await this.deps.leases.declared(key)))
        throw new Error(`No app '${key}'`);
      if (Date.now() > deadline) {
        throw new ServiceUnavailableError(`Another backend holds ${key}`);
      }
      await new Promise(resolve => setTimeout(resolve, CLAIM_RETRY_MS));
    }
  }

  /** A push to a repository: every app that follows it is due now. */
  async refreshRepo(repoUrl: string): Promise<string[]> {
    const keys = await this.deps.leases.makeDue({ repoUrl }, { refetch: true });
    if (keys.length) this.deps.repos?.repo(repoUrl).forgetRemoteRefs();
    this.wake();
    return keys;
  }

  /** An operation was recorded, or someone asked for fresh state: due now. */
  async makeDue(key: string): Promise<void> {
    await this.deps.leases.makeDue({ keys: [key] }, { refetch: true });
    this.wake();
  }

  /** Something an app owns changed in a cluster: look at the app soon. */
  liveChanged(key: string): void {
    if (this.#stopped || this.#soon.has(key)) return;
    this.#soon.add(key);
    this.#after(LIVE_CHANGE_DEBOUNCE_MS, async () => {
      const keys = [...this.#soon];
      this.#soon.clear();
      await this.deps.leases.makeDue({ keys });
      this.wake();
    });
  }

  /** Looks for due apps now rather than at the next poll. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#claiming) {
      this.#claimAgain = true;
      return;
    }
    clearTimeout(this.#claimTimer);
    this.#claiming = this.#claim().finally(() => {
      this.#claiming = undefined;
      if (this.#stopped) return;
      if (this.#claimAgain) {
        this.#claimAgain = false;
        this.wake();
        return;
      }
      this.#claimTimer = setTimeout(
        () => this.wake(),
        this.options.claimIntervalMs,
      );
      this.#claimTimer.unref?.();
    });
  }

  async #claim() {
    const free = this.options.concurrency - this.#working.size;
    if (free <= 0) return;
    try {
      const claimed = await this.deps.leases.claimDue(
        this.options.owner,
        free,
        this.options.leaseMs,
      );
      this.#lastClaimError = '';
      const taken = claimed.filter(c => c.takenFrom).length;
      if (taken) {
        this.#metrics.leaseMoved({
          lease: 'app',
          move: 'claimed',
          count: taken,
        });
      }
      for (const app of claimed) {
        void this.#track(this.#work(app)).then(() => this.wake());
      }
    } catch (error) {
      this.#metrics.errorSeen('lease');
      // Said once per distinct failure: a database outage repeats every poll.
      const message = (error as Error).message;
      if (message !== this.#lastClaimError) {
        this.deps.logger.warn(`Claiming due apps failed: ${message}`);
        this.#lastClaimError = message;
      }
    }
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight.add(work);
    return work.finally(() => this.#inFlight.delete(work));
  }

  async #work(
    claimed: ClaimedApp,
    request?: SyncRequest,
  ): Promise<ReconcileResult | undefined> {
    const { key } = claimed.lease;
    try {
      return await runClaimedApp(
        claimed,
        {
          ...this.deps,
          ...this.options,
          metrics: this.#metrics,
          interval: this.options,
        },
        {
          request,
          onStart: keeper => this.#working.set(key, keeper),
        },
      );
    } catch (error) {
      // The lease runs out and another claim (maybe ours) tries again.
      this.deps.logger.warn(
        `Work on ${key} failed: ${(error as Error).message}`,
      );
      if (request) throw error;
      return undefined;
    } finally {
      this.#working.delete(key);
    }
  }

  #every(ms: number, task: () => Promise<unknown>) {
    this.#after(ms, async () => {
      await task();
      if (!this.#stopped) this.#every(ms, task);
    });
  }

  #after(ms: number, task: () => Promise<unknown>) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      task().catch(error => this.deps.logger.warn(String(error)));
    }, ms);
    timer.unref?.();
    this.#timers.add(timer);
  }
}
