import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  RolloutAction,
  RolloutStatus,
} from '@slipway/plugin-gitops-common';
import type {
  KubernetesObject,
  RolloutCluster,
  TrafficRouter,
} from '@slipway/plugin-gitops-node';
import type { AppSpec } from '../../catalog/AppSpec';
import type { RolloutSpec } from '../spec';
import type { RolloutRecord } from '../validateRollouts';
import type { Workloads } from '../workloads/types';
import { activeArgoRollout } from './argo/activeArgoRollout';
import { applyArgoRequest } from './argo/requests';
import { argoStatusOf } from './argo/status';
import { runArgoTick } from './argo/argoTick';
import {
  isArgo,
  type ActiveArgoRollout,
  type ArgoRunsPort,
  type ArgoTrafficPort,
} from './argo/types';
import { isArgoRolloutSpec, type ArgoRolloutSpec } from '../argo/spec';
import type { ArgoRolloutStatus } from '../argo/controller/types';
import {
  noDeliveryEvents,
  type DeliveryEvents,
} from '../../notifications/DeliveryEvents';
import { activeRollout, rolloutFingerprint } from './activeRollout';
import {
  tickChangedView,
  tickDeliveryEvents,
  tickStart,
  type TickStart,
} from './deliveryEvents';
import type { ActiveRollout, RolloutAnalysis } from './ports';
import { initialState } from './initialState';
import { PollLoop } from './PollLoop';
import { readOncePerTick } from './readOncePerTick';
import { applyRequest } from './requests';
import { runTick } from './RolloutTick';
import { nextTickAt } from './tickSchedule';
import { TickLog } from './TickLog';
import {
  LeaseLostError,
  type ClaimedRollout,
  type RolloutControl,
  type RolloutLease,
  type RolloutState,
  type RolloutStore,
  type StoredRollout,
} from './types';

export interface RolloutEngineDeps {
  store: RolloutStore;
  workloads: Workloads;
  routers: (provider: string) => TrafficRouter | undefined;
  analysis: RolloutAnalysis;
  /** Runs Argo Rollouts' AnalysisRuns and traffic routers; without it, Argo Rollouts wait saying so. */
  argo?: { runs: ArgoRunsPort; traffic: ArgoTrafficPort };
  /**
   * The cluster an app deploys to, as its rollouts may use it: inside the
   * app's project destinations, as the project's ServiceAccount.
   */
  clusterOf(app: AppSpec): RolloutCluster;
  /** The git commit an app has applied, for the run's record. */
  commitOf(appKey: string): Promise<string | undefined>;
  logger: LoggerService;
  /** Owner notifications and live-update pings, told after each committed tick. */
  events?: DeliveryEvents;
  now?: () => Date;
}

export interface RolloutEngineOptions {
  /** Ticks running at once across all rollouts (10). */
  concurrency?: number;
  /** Identifies this backend instance in leases. */
  owner?: string;
  /**
   * How long a lease outlives the tick it was taken or kept for (30 s): a
   * rollout whose backend died moves to another this long after it was due.
   */
  leaseMs?: number;
  /** How often the database is asked for due rollouts (1 s). */
  pollIntervalMs?: number;
  /**
   * How often an Argo Rollout looks at its ReplicaSets while an update is
   * under way (5 s) and once it is steady (30 s): Argo's controller learns
   * of pods from watches; the engine looks.
   */
  argoPollMs?: { progressing: number; steady: number };
}

/** How often services and routing objects are re-applied to repair drift. */
const OBJECTS_REPAIR_MS = 5 * 60_000;

/** Documents a rollout reads besides its own: stored beside its spec. */
const EXTRA_KINDS = [
  'MetricTemplate',
  'AlertProvider',
  'AnalysisTemplate',
  'ClusterAnalysisTemplate',
];

/** What this backend keeps of one rollout between its ticks. */
interface Entry {
  appKey: string;
  name: string;
  rollout?: ActiveRollout | ActiveArgoRollout;
  /** The stored definition `rollout` was parsed from. */
  raw?: string;
  fingerprint?: string;
  /** When the services and routing objects were last applied from this spec. */
  objectsAppliedAt?: number;
  /** The lease token of the last tick here; another means another backend ticked it meanwhile. */
  token?: number;
  /** When the last tick here set the next one due (the database keeps only the claim's expiry). */
  plannedTickAt?: number;
  /** Ticks of one rollout run one after another. */
  chain: Promise<void>;
  /** Ticks queued or running. */
  pending: number;
}

const keyOf = (appKey: string, rollout: string) => `${appKey}#${rollout}`;

const isRunnable = (
  stored: Partial<StoredRollout> | undefined,
): stored is StoredRollout =>
  Boolean(stored?.spec && stored.documents && stored.app);

/**
 * Runs every valid rollout of every app, on whichever backend replica
 * claims it: the rollouts, their due times and leases are in the database
 * (docs/rollout-engine.md#several-replicas). Each tick runs under a lease
 * whose token fences every write it makes; its state, runs, events and
 * checks are saved together once it ends.
 */
export class RolloutEngine implements RolloutControl {
  readonly #entries = new Map<string, Entry>();
  readonly #owner: string;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #argoPollMs: { progressing: number; steady: number };
  readonly #now: () => Date;
  readonly #poller: PollLoop;
  readonly #waiting: Array<() => void> = [];
  #running = 0;
  /** The last claim took every free slot: more may be due. */
  #backlog = false;
  #stopped = false;
  readonly #inFlight = new Set<AbortController>();

  constructor(
    private readonly deps: RolloutEngineDeps,
    options: RolloutEngineOptions = {},
  ) {
    this.#owner = options.owner ?? randomUUID();
    this.#concurrency = options.concurrency ?? 10;
    // Never zero: a committed tick's lease must outlast its next tick.
    this.#leaseMs = Math.max(100, options.leaseMs ?? 30_000);
    this.#now = deps.now ?? (() => new Date());
    this.#argoPollMs = options.argoPollMs ?? {
      progressing: 5000,
      steady: 30_000,
    };
    this.#poller = new PollLoop(options.pollIntervalMs ?? 1000, () =>
      this.#claimDue(),
    );
  }

  /** Starts claiming due rollouts from the database. */
  start(): void {
    if (!this.#stopped) this.#poller.start();
  }

  /**
   * Called after each reconcile of an app on this backend, with its parsed
   * rollout documents: stores the documents the rollouts use besides their
   * specs, so any backend can run them, and makes new rollouts due now.
   */
  async update(
    app: AppSpec,
    records: RolloutRecord[],
    documents: KubernetesObject[],
  ): Promise<void> {
    if (this.#stopped) return;
    const valid = records.filter(
      r => (r.spec || r.argo) && r.errors.length === 0,
    );
    const names = new Set(valid.map(r => r.name));
    for (const [key, entry] of this.#entries) {
      if (entry.appKey === app.key && !names.has(entry.name) && !entry.pending)
        this.#entries.delete(key);
    }
    const extras = documents.filter(d => EXTRA_KINDS.includes(d.kind ?? ''));
    for (const record of valid) {
      this.#define(
        this.#entry(app.key, record.name),
        app,
        (record.spec ?? record.argo)!,
        extras,
      );
    }
    if (!records.length) return;
    await this.deps.store.registerRollouts(app.key, [...names], extras);
    this.#poller.soon();
  }

  /** Argo's status of an Argo Rollout, as its last tick saved it. */
  async argoStatusOf(
    appKey: string,
    rollout: string,
  ): Promise<ArgoRolloutStatus | undefined> {
    return (await this.deps.store.getRolloutState(appKey, rollout))?.argo
      ?.status;
  }

  /** Rollouts this backend has been handed or has ticked, by app. */
  active(appKey?: string): Array<ActiveRollout | ActiveArgoRollout> {
    return [...this.#entries.values()].flatMap(e =>
      e.rollout && (appKey === undefined || e.appKey === appKey)
        ? [e.rollout]
        : [],
    );
  }

  /**
   * Records the request on the stored state, whichever backend holds the
   * rollout, and makes it due now: the holder acts on it at once.
   */
  async control(
    appKey: string,
    rollout: string,
    action: RolloutAction,
  ): Promise<RolloutStatus> {
    const stored = await this.deps.store.getStoredRollout(appKey, rollout);
    if (!stored)
      throw new NotFoundError(`Rollout ${rollout} of ${appKey} is not running`);
    const spec: RolloutSpec | ArgoRolloutSpec = JSON.parse(stored.spec);
    const argo = isArgoRolloutSpec(spec);
    const state = await this.deps.store.recordRolloutRequest(
      appKey,
      rollout,
      current =>
        argo
          ? applyArgoRequest(current, action)
          : applyRequest(current, action),
    );
    if (!state)
      throw new ConflictError(
        `Rollout ${rollout} has not been initialised yet`,
      );
    this.#poller.soon();
    return this.statusOf(state, argo ? 0 : spec.analysis.threshold);
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
      ...(state.argo ? { argo: argoStatusOf(state.argo) } : {}),
    };
  }

  /**
   * Runs one tick of a rollout now, due or not, and waits for it (tests,
   * benchmarks); nothing happens while another backend holds it.
   */
  async tickNow(appKey: string, rollout: string): Promise<void> {
    const entry = this.#entry(appKey, rollout);
    await this.#serialize(entry, async () => {
      if (this.#stopped) return;
      const { store } = this.deps;
      const definition = await store.getStoredRollout(appKey, rollout);
      if (!isRunnable(definition)) return;
      const lease = await store.claimRollout(
        appKey,
        rollout,
        this.#owner,
        this.#leaseMs,
      );
      if (!lease) return;
      const state = await store.getRolloutState(appKey, rollout);
      await this.#tick(entry, { lease, definition, state });
    });
  }

  /**
   * Stops claiming, aborts ticks in flight (their state is saved as it
   * stands) and hands the leases back, so another backend continues at once.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#poller.stop();
    for (const controller of this.#inFlight) controller.abort();
    await Promise.allSettled([...this.#entries.values()].map(e => e.chain));
    await this.deps.store
      .releaseRollouts(this.#owner)
      .catch(error =>
        this.deps.logger.warn(
          `Handing back rollout leases failed: ${(error as Error).message}`,
        ),
      );
    this.#entries.clear();
  }

  // ---- scheduling -----------------------------------------------------------------

  /** Ticks running or waiting for a slot. */
  get #queued(): number {
    return this.#running + this.#waiting.length;
  }

  async #claimDue(): Promise<void> {
    // Up to a second round of ticks waits for a slot: claims come in
    // batches instead of one per finished tick.
    const room = 2 * this.#concurrency - this.#queued;
    if (room <= 0) {
      this.#backlog = true;
      return;
    }
    let claimed: ClaimedRollout[];
    try {
      claimed = await this.deps.store.claimDueRollouts(
        this.#owner,
        room,
        this.#leaseMs,
      );
    } catch (error) {
      this.deps.logger.warn(
        `Claiming due rollouts failed: ${(error as Error).message}`,
      );
      return;
    }
    this.#backlog = claimed.length >= room;
    for (const rollout of claimed) {
      const { appKey, rollout: name } = rollout.lease;
      const entry = this.#entry(appKey, name);
      // A tick of it is under way here (a manual one): its commit sets the next.
      if (entry.pending) continue;
      this.#serialize(entry, () => this.#tick(entry, rollout)).catch(error =>
        this.deps.logger.warn(
          `Rollout tick of ${name} failed: ${(error as Error).message}`,
          { app: appKey, rollout: name },
        ),
      );
    }
  }

  #entry(appKey: string, name: string): Entry {
    const key = keyOf(appKey, name);
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { appKey, name, chain: Promise.resolve(), pending: 0 };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  #serialize(entry: Entry, work: () => Promise<void>): Promise<void> {
    entry.pending++;
    const next = entry.chain
      .then(() => this.#limited(work))
      .finally(() => {
        entry.pending--;
      });
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
      // More were due than claimed: claim again once half the room is free.
      if (this.#backlog && this.#queued <= this.#concurrency)
        this.#poller.soon();
    }
  }

  /** The rollout as stored, parsed again only when its definition changed. */
  #load(
    entry: Entry,
    definition: StoredRollout,
  ): ActiveRollout | ActiveArgoRollout {
    const raw = `${definition.spec}\n${definition.documents}\n${definition.app}`;
    if (entry.raw !== raw || !entry.rollout) {
      const app: AppSpec = JSON.parse(definition.app);
      const spec: RolloutSpec | ArgoRolloutSpec = JSON.parse(definition.spec);
      this.#define(entry, app, spec, JSON.parse(definition.documents));
      entry.raw = raw;
    }
    return entry.rollout!;
  }

  #define(
    entry: Entry,
    app: AppSpec,
    spec: RolloutSpec | ArgoRolloutSpec,
    documents: unknown[],
  ) {
    const fingerprint = rolloutFingerprint(app, spec, documents);
    if (entry.rollout && entry.fingerprint === fingerprint) return;
    const cluster = this.deps.clusterOf(app);
    entry.rollout = isArgoRolloutSpec(spec)
      ? activeArgoRollout(app, entry.name, spec, documents, cluster)
      : activeRollout(app, entry.name, spec, documents, cluster);
    entry.fingerprint = fingerprint;
    entry.raw = undefined;
    entry.objectsAppliedAt = undefined;
  }

  // ---- one tick -------------------------------------------------------------------

  async #tick(entry: Entry, claimed: ClaimedRollout): Promise<void> {
    if (this.#stopped) return;
    const startedAt = this.#now().getTime();
    const { lease } = claimed;
    const loaded = this.#load(entry, claimed.definition);
    // Due when this backend planned it, unless another backend held it since.
    const dueAt = entry.token === lease.token ? entry.plannedTickAt : undefined;
    if (entry.token !== lease.token) {
      // Another backend may have ticked it since: re-apply its objects.
      entry.token = lease.token;
      entry.objectsAppliedAt = undefined;
    }
    const { store, logger } = this.deps;
    const state =
      claimed.state ?? initialState(loaded.appKey, loaded.rollout, this.#now());
    const requestsRead = { ...state.requests };
    const start = tickStart(state);
    const controller = new AbortController();
    this.#inFlight.add(controller);
    // A long tick keeps its lease; one that lost it stops.
    let renewing = Promise.resolve();
    const renewal = setInterval(() => {
      renewing = renewing.then(() => this.#renew(lease, controller));
    }, this.#leaseMs / 2);
    renewal.unref?.();
    let log: TickLog;
    let schedule: { intervalMs: number; wakeAt?: number };
    try {
      if (isArgo(loaded)) {
        const rollout = {
          ...loaded,
          cluster: readOncePerTick(loaded.cluster),
        };
        log = this.#log(rollout);
        schedule = await this.#argoTick(rollout, state, log, controller.signal);
      } else {
        const rollout: ActiveRollout = {
          ...loaded,
          target: {
            ...loaded.target,
            cluster: readOncePerTick(loaded.target.cluster),
          },
        };
        log = this.#log(rollout);
        await this.#flaggerTick(entry, rollout, state, log, controller.signal);
        const { intervalMs } = rollout.target.spec.analysis;
        const until = state.pause?.until;
        schedule = {
          intervalMs,
          wakeAt: until ? Date.parse(until) : undefined,
        };
      }
    } finally {
      clearInterval(renewal);
      this.#inFlight.delete(controller);
    }
    await renewing;
    const now = this.#now();
    const next =
      nextTickAt({
        dueAt,
        startedAt,
        endedAt: now.getTime(),
        intervalMs: schedule.intervalMs,
        pauseUntil: schedule.wakeAt,
      }) - now.getTime();
    state.lastTickAt = now.toISOString();
    state.nextTickAt = new Date(now.getTime() + next).toISOString();
    state.updatedAt = now.toISOString();
    try {
      const { requestsArrived, runIds } = await store.commitTick(
        state,
        log.writes,
        {
          lease,
          requestsRead,
          // Held past the next tick, so this backend keeps the rollout.
          leaseUntil: new Date(now.getTime() + next + this.#leaseMs),
        },
      );
      entry.plannedTickAt = now.getTime() + next;
      if (requestsArrived) this.#poller.soon();
      await this.#tell(loaded, start, state, log, runIds);
    } catch (error) {
      entry.objectsAppliedAt = undefined;
      entry.plannedTickAt = undefined;
      if (!(error instanceof LeaseLostError)) throw error;
      logger.warn(`Dropped the results of a rollout tick: ${error.message}`, {
        app: loaded.appKey,
        rollout: loaded.rollout,
      });
    }
  }

  /**
   * After the commit, so only the tick that holds the lease tells anyone:
   * the runs it ended and a wait that began are the owners' news, anything
   * the Canary tab shows a ping on the app's rollouts channel.
   */
  async #tell(
    rollout: { appKey: string; rollout: string },
    start: TickStart,
    state: RolloutState,
    log: TickLog,
    runIds?: ReadonlyMap<number, number>,
  ): Promise<void> {
    const events = this.deps.events ?? noDeliveryEvents;
    if (tickChangedView(start, state, log.writes))
      events.changed(rollout.appKey, 'rollouts');
    for (const event of tickDeliveryEvents(
      rollout,
      start,
      state,
      log.writes,
      runIds,
    ))
      await events.happened(event);
  }

  #log(rollout: ActiveRollout | ActiveArgoRollout): TickLog {
    return new TickLog(rollout, this.deps.analysis, {
      now: this.#now,
      commitOf: this.deps.commitOf,
    });
  }

  /** A Flagger `Canary` or Slipway `Rollout`: the state machine of RolloutTick. */
  async #flaggerTick(
    entry: Entry,
    rollout: ActiveRollout,
    state: RolloutState,
    log: TickLog,
    signal: AbortSignal,
  ): Promise<void> {
    const { spec } = rollout.target;
    try {
      const router = this.deps.routers(spec.provider);
      if (!router) {
        await log.eventOnce(
          state,
          `Provider ${spec.provider} has no traffic router in Slipway; install a module that adds one (gitops.traffic-routers)`,
          'Warning',
        );
        return;
      }
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
      await runTick(rollout, state, deps, log, signal);
      if (reconcileObjects) entry.objectsAppliedAt = started;
    } catch (error) {
      entry.objectsAppliedAt = undefined;
      await this.#tickFailed(
        rollout,
        `${spec.targetRef.name}.${rollout.target.namespace}`,
        state,
        log,
        error,
      );
    }
  }

  /** An Argo Rollout: one reconcile of Argo's controller (engine/argo). */
  async #argoTick(
    rollout: ActiveArgoRollout,
    state: RolloutState,
    log: TickLog,
    signal: AbortSignal,
  ): Promise<{ intervalMs: number; wakeAt?: number }> {
    const poll = this.#argoPollMs;
    const steady = () =>
      state.phase === 'Succeeded' || state.phase === 'Initialized'
        ? poll.steady
        : poll.progressing;
    if (!this.deps.argo) {
      await log.eventOnce(
        state,
        'Argo Rollouts are not run by this backend: its rollout engine was created without them',
        'Warning',
      );
      return { intervalMs: poll.steady };
    }
    try {
      const wakeAt = await runArgoTick(
        rollout,
        state,
        { ...this.deps.argo, now: this.#now },
        log,
        signal,
      );
      return { intervalMs: steady(), wakeAt };
    } catch (error) {
      await this.#tickFailed(
        rollout,
        `${rollout.rollout}.${rollout.namespace}`,
        state,
        log,
        error,
      );
      return { intervalMs: poll.progressing };
    }
  }

  async #tickFailed(
    rollout: { appKey: string; rollout: string },
    id: string,
    state: RolloutState,
    log: TickLog,
    error: unknown,
  ): Promise<void> {
    const message = `Rollout tick of ${id} failed: ${(error as Error).message}`;
    this.deps.logger.warn(message, {
      app: rollout.appKey,
      rollout: rollout.rollout,
    });
    await log.eventOnce(state, message, 'Warning').catch(() => undefined);
  }

  async #renew(lease: RolloutLease, tick: AbortController): Promise<void> {
    try {
      const until = new Date(Date.now() + this.#leaseMs);
      if (!(await this.deps.store.renewRollout(lease, until))) tick.abort();
    } catch (error) {
      this.deps.logger.warn(
        `Renewing the lease on rollout ${lease.rollout} of ${
          lease.appKey
        } failed: ${(error as Error).message}`,
      );
    }
  }
}
