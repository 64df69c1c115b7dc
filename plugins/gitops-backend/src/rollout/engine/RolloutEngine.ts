import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  RolloutAction,
  RolloutStatus,
} from '@internal/plugin-gitops-common';
import type {
  KubernetesObject,
  RolloutCluster,
  TrafficRouter,
} from '@internal/plugin-gitops-node';
import type { AppSpec } from '../../catalog/AppSpec';
import type { RolloutRecord } from '../validateRollouts';
import type { Workloads } from '../workloads/types';
import type { ActiveRollout, RolloutAnalysis } from './ports';
import { initialState } from './initialState';
import { applyRequest } from './requests';
import { runTick } from './RolloutTick';
import { StoreRecorder } from './StoreRecorder';
import type { RolloutControl, RolloutState, RolloutStore } from './types';

export interface RolloutEngineDeps {
  store: RolloutStore;
  workloads: Workloads;
  routers: (provider: string) => TrafficRouter | undefined;
  analysis: RolloutAnalysis;
  /**
   * The cluster an app deploys to, as its rollouts may use it: inside the
   * app's project destinations, as the project's ServiceAccount.
   */
  clusterOf(app: AppSpec): RolloutCluster;
  /** The git commit an app has applied, for the run's record. */
  commitOf(appKey: string): Promise<string | undefined>;
  /** False once the app is gone from the catalog. */
  appExists(appKey: string): Promise<boolean>;
  logger: LoggerService;
  now?: () => Date;
}

export interface RolloutEngineOptions {
  /** Ticks running at once across all rollouts. */
  concurrency?: number;
  /** Identifies this backend instance in leases. */
  owner?: string;
}

/** How often services and routing objects are re-applied to repair drift. */
const OBJECTS_REPAIR_MS = 5 * 60_000;

interface Entry {
  rollout: ActiveRollout;
  fingerprint: string;
  /** When the services and routing objects were last applied from this spec. */
  objectsAppliedAt?: number;
  timer?: NodeJS.Timeout;
  /** Ticks and manual requests of one rollout run one after another. */
  chain: Promise<void>;
}

const keyOf = (appKey: string, rollout: string) => `${appKey}#${rollout}`;

/**
 * Runs every valid rollout of every app: one tick per analysis interval (and
 * at once when it appears or is asked to act), under a lease so one backend
 * writes each rollout, with its state saved after every tick.
 */
export class RolloutEngine implements RolloutControl {
  readonly #entries = new Map<string, Entry>();
  readonly #owner: string;
  readonly #concurrency: number;
  readonly #now: () => Date;
  readonly #waiting: Array<() => void> = [];
  #running = 0;
  #stopped = false;
  readonly #inFlight = new Set<AbortController>();

  constructor(
    private readonly deps: RolloutEngineDeps,
    options: RolloutEngineOptions = {},
  ) {
    this.#owner = options.owner ?? randomUUID();
    this.#concurrency = options.concurrency ?? 10;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Called after each reconcile of an app with its parsed rollout documents. */
  async update(
    app: AppSpec,
    records: RolloutRecord[],
    documents: KubernetesObject[],
  ): Promise<void> {
    if (this.#stopped) return;
    const valid = records.filter(r => r.spec && r.errors.length === 0);
    const names = new Set(valid.map(r => r.name));
    for (const [key, entry] of this.#entries) {
      if (entry.rollout.appKey === app.key && !names.has(entry.rollout.rollout))
        this.#forget(key);
    }
    const extras = documents.filter(
      d => d.kind === 'MetricTemplate' || d.kind === 'AlertProvider',
    );
    for (const record of valid) {
      const spec = record.spec!;
      const key = keyOf(app.key, record.name);
      // A changed project (destinations, ServiceAccount, outboundHosts) rebuilds the rollout too.
      const fingerprint = JSON.stringify([
        app.cluster,
        app.project,
        spec,
        extras,
      ]);
      const existing = this.#entries.get(key);
      if (existing?.fingerprint === fingerprint) continue;
      const rollout: ActiveRollout = {
        appKey: app.key,
        rollout: record.name,
        project: app.project,
        target: {
          cluster: this.deps.clusterOf(app),
          namespace:
            spec.targetRef.namespace ?? spec.source.namespace ?? app.namespace,
          spec,
        },
        documents: extras,
      };
      if (existing) {
        existing.rollout = rollout;
        existing.fingerprint = fingerprint;
        existing.objectsAppliedAt = undefined;
        continue;
      }
      this.#entries.set(key, {
        rollout,
        fingerprint,
        chain: Promise.resolve(),
      });
      await this.#scheduleFromState(key);
    }
  }

  /** Rollouts the engine runs now, by app. */
  active(appKey?: string): ActiveRollout[] {
    return [...this.#entries.values()]
      .map(e => e.rollout)
      .filter(r => appKey === undefined || r.appKey === appKey);
  }

  async control(
    appKey: string,
    rollout: string,
    action: RolloutAction,
  ): Promise<RolloutStatus> {
    const key = keyOf(appKey, rollout);
    const entry = this.#entries.get(key);
    if (!entry)
      throw new NotFoundError(`Rollout ${rollout} of ${appKey} is not running`);
    let status: RolloutStatus | undefined;
    await this.#serialize(entry, async () => {
      const state = await this.deps.store.getRolloutState(appKey, rollout);
      if (!state)
        throw new ConflictError(
          `Rollout ${rollout} has not been initialised yet`,
        );
      applyRequest(state, action);
      state.updatedAt = this.#now().toISOString();
      await this.deps.store.saveRolloutState(state);
      status = this.statusOf(
        state,
        entry.rollout.target.spec.analysis.threshold,
      );
    });
    this.#schedule(key, 0);
    return status!;
  }

  statusOf(state: RolloutState, threshold: number): RolloutStatus {
    return {
      phase: state.phase || 'Initializing',
      canaryWeight: state.canaryWeight,
      failedChecks: state.failedChecks,
      threshold,
      iterations: state.iterations,
      stepIndex: state.stepIndex,
      pause: state.pause,
      message: state.message,
      lastAppliedSpec: state.lastAppliedSpec,
      lastPromotedSpec: state.lastPromotedSpec,
      runId: state.runId,
      lastTransitionAt: state.lastTransitionAt,
      updatedAt: state.updatedAt,
      nextTickAt: state.nextTickAt,
    };
  }

  /** Runs one tick of a rollout now and waits for it (tests, manual requests). */
  async tickNow(appKey: string, rollout: string): Promise<void> {
    const entry = this.#entries.get(keyOf(appKey, rollout));
    if (entry)
      await this.#serialize(entry, () => this.#tick(keyOf(appKey, rollout)));
  }

  /** Cancels timers and aborts ticks in flight; their state is saved as it stands. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    for (const controller of this.#inFlight) controller.abort();
    await Promise.allSettled([...this.#entries.values()].map(e => e.chain));
    // Hand the leases back, so a replacement backend continues without waiting them out.
    await Promise.allSettled(
      [...this.#entries.values()].map(({ rollout }) =>
        this.deps.store.claimRollout(
          rollout.appKey,
          rollout.rollout,
          this.#owner,
          0,
        ),
      ),
    );
    this.#entries.clear();
  }

  // ---- scheduling -----------------------------------------------------------------

  /** A known rollout resumes at its saved next tick, never earlier; a new one ticks now. */
  async #scheduleFromState(key: string) {
    const { appKey, rollout } = this.#entries.get(key)!.rollout;
    const state = await this.deps.store.getRolloutState(appKey, rollout);
    const due = state?.nextTickAt
      ? Date.parse(state.nextTickAt) - this.#now().getTime()
      : 0;
    this.#schedule(key, Math.max(0, due));
  }

  #schedule(key: string, delayMs: number) {
    const entry = this.#entries.get(key);
    if (!entry || this.#stopped) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.#serialize(entry, () => this.#tick(key));
    }, delayMs);
    entry.timer.unref?.();
  }

  #serialize(entry: Entry, work: () => Promise<void>): Promise<void> {
    const next = entry.chain.then(() => this.#limited(work));
    entry.chain = next.catch(() => undefined);
    return next;
  }

  async #limited(work: () => Promise<void>): Promise<void> {
    if (this.#running >= this.#concurrency) {
      await new Promise<void>(resolve => this.#waiting.push(resolve));
    }
    this.#running++;
    try {
      await work();
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }

  #forget(key: string) {
    const entry = this.#entries.get(key);
    if (entry) clearTimeout(entry.timer);
    this.#entries.delete(key);
  }

  // ---- one tick -------------------------------------------------------------------

  async #tick(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (!entry || this.#stopped) return;
    const { rollout } = entry;
    const { spec } = rollout.target;
    const { store, logger } = this.deps;
    if (!(await this.deps.appExists(rollout.appKey))) {
      this.#forget(key);
      return;
    }
    // Held across the interval, so another backend never ticks it in between.
    const leaseMs = spec.analysis.intervalMs + 30_000;
    if (
      !(await store.claimRollout(
        rollout.appKey,
        rollout.rollout,
        this.#owner,
        leaseMs,
      ))
    ) {
      this.#schedule(key, spec.analysis.intervalMs);
      return;
    }
    const state =
      (await store.getRolloutState(rollout.appKey, rollout.rollout)) ??
      initialState(rollout.appKey, rollout.rollout, this.#now());
    const recorder = new StoreRecorder(rollout, store, this.deps.analysis, {
      now: this.#now,
      commitOf: this.deps.commitOf,
    });
    const controller = new AbortController();
    this.#inFlight.add(controller);
    try {
      const router = this.deps.routers(spec.provider);
      if (!router) {
        await recorder.event(
          state,
          `Provider ${spec.provider} has no traffic router in Slipway; install a module that adds one (gitops.traffic-routers)`,
          'Warning',
        );
      } else {
        const started = this.#now().getTime();
        const reconcileObjects =
          entry.objectsAppliedAt === undefined ||
          started - entry.objectsAppliedAt > OBJECTS_REPAIR_MS;
        const deps = {
          workloads: this.deps.workloads,
          router,
          analysis: this.deps.analysis,
          now: this.#now,
          reconcileObjects,
        };
        await runTick(rollout, state, deps, recorder, controller.signal);
        if (reconcileObjects) entry.objectsAppliedAt = started;
      }
    } catch (error) {
      entry.objectsAppliedAt = undefined;
      const message = `Rollout tick of ${spec.targetRef.name}.${
        rollout.target.namespace
      } failed: ${(error as Error).message}`;
      logger.warn(message, { app: rollout.appKey, rollout: rollout.rollout });
      await recorder.event(state, message, 'Warning').catch(() => undefined);
    } finally {
      this.#inFlight.delete(controller);
    }
    const now = this.#now();
    const next = nextTickDelay(state, spec.analysis.intervalMs, now);
    state.lastTickAt = now.toISOString();
    state.nextTickAt = new Date(now.getTime() + next).toISOString();
    state.updatedAt = now.toISOString();
    // `control` runs in the same chain, so no request can slip in between.
    await store.saveRolloutState(state);
    this.#schedule(key, next);
  }
}

/** A timed pause ends on time even when the interval is longer. */
function nextTickDelay(
  state: RolloutState,
  intervalMs: number,
  now: Date,
): number {
  const until = state.pause?.until
    ? Date.parse(state.pause.until) - now.getTime()
    : Infinity;
  return Math.max(0, Math.min(intervalMs, until));
}
