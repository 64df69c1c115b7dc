import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { GitopsApp, SyncRun } from '@slipway/plugin-gitops-common';
import { KubernetesObject, Renderer } from '@slipway/plugin-gitops-node';
import { AppSpec, ParsedApp } from '../catalog/AppSpec';
import { GitopsStore } from '../database/GitopsStore';
import { EngineMetrics, noEngineMetrics, startTimer } from '../metrics';
import {
  noDeliveryEvents,
  type DeliveryEvents,
} from '../notifications/DeliveryEvents';
import { LeaseLostError } from '../database/LeaseLostError';
import { validateRollouts } from '../rollout';
import type { ParseOptions } from '../rollout';
import type { RolloutRecord } from '../rollout/validateRollouts';
import { selectRenderer, splitRolloutDocuments } from '../render';
import { argoRoutedObjects } from '../rollout/argo/traffic/routedObjects';
import { RenderFailureCache } from '../render/RenderFailureCache';
import {
  CachedRepo,
  maskCredentials,
  RepoCache,
} from '@slipway/plugin-gitops-node';
import { ClusterApi, ClusterResolver } from '../kube/ClusterApi';
import { compareApp, ComparedObject, DryRunCache } from './apply/compareApp';
import { objectLabel } from '../kube/objectId';
import { foreignOwner } from '../kube/ownership';
import { prepareManifests, PreparedObject } from './apply/prepareManifests';
import { projectWriter } from './apply/projectWriter';
import { runSync, SyncOutcome } from './apply/runSync';
import { settleCompare } from './apply/settle';
import { aggregateHealth } from './health';
import { resourceTree } from './resourceTree';
import { argoRolloutNodes, type ArgoStatusLookup } from './argoRolloutNodes';

/** A sync someone or something asked for. */
export interface SyncRequest {
  trigger: SyncRun['trigger'];
  initiator?: string;
  /** Sync this revision instead of the annotation's (rollback, manual). */
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  allowEmpty?: boolean;
}

/** Receives each reconcile's rollout documents: the rollout engine. */
export interface RolloutListener {
  update(
    app: AppSpec,
    records: RolloutRecord[],
    documents: KubernetesObject[],
  ): Promise<void>;
  /** Argo's status of a Rollout the engine runs, for the GitOps tab. */
  argoStatusOf?: ArgoStatusLookup;
}

/** Where a reconcile writes, and what stops it. */
export interface ReconcileContext {
  /** The store to write through: fenced by the app's lease when claimed. */
  store?: GitopsStore;
  /** Aborted when the app's lease is lost: nothing more is applied. */
  signal?: AbortSignal;
  /** The operation that asked for this reconcile, recorded on its run. */
  operationId?: number;
}

export interface ReconcileResult {
  runId?: number;
  synced: boolean;
  ok: boolean;
  /** What the run or the app's status says, when there is something to say. */
  message?: string;
  /** Look at the app again this soon: drift was seen too soon after a sync to trust. */
  recheckInMs?: number;
  /** Canary documents rendered beside the manifests, for the rollout engine. */
  rollouts: KubernetesObject[];
}

const RENDER_CACHE_SIZE = 500;
const SELF_HEAL_GRACE_MS = 5_000;
// One render per app, so a fleet larger than any fixed size does not
// re-render every app each round; the cap only bounds departed apps.
const RENDERS_KEPT = 10_000;
const hash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/**
 * One reconcile of one app: resolve → (fetch) → render → compare → sync if
 * asked or if the policy says so → record status, resources and the run.
 * Never throws: failures become the app's status message.
 */
export class AppReconciler {
  /** Per app: its last render and what it was rendered from. */
  readonly #renders = new Map<
    string,
    { source: string; objects: KubernetesObject[] }
  >();
  /** Renders that failed for good: a hostile file costs its parse once per commit. */
  readonly #renderFailures = new RenderFailureCache(RENDER_CACHE_SIZE);
  readonly #dryRuns = new DryRunCache();
  /** Ownership conflicts already reported to the other app, so each is written once. */
  readonly #conflictsReported = new Set<string>();

  constructor(
    private readonly deps: {
      store: GitopsStore;
      repos: RepoCache;
      clusters: ClusterResolver;
      renderers: Renderer[];
      logger: LoggerService;
      rollouts?: RolloutListener;
      /** Provider, metrics server and minimum interval defaults from config. */
      rolloutDefaults?: ParseOptions;
      metrics?: EngineMetrics;
      /** Owner notifications and live-update pings, told after each committed write. */
      events?: DeliveryEvents;
      /** Drift seen this soon after a sync waits before self-heal acts; 5 s by default. */
      selfHealGraceMs?: number;
    },
  ) {}

  get #events(): DeliveryEvents {
    return this.deps.events ?? noDeliveryEvents;
  }

  async reconcile(
    app: ParsedApp,
    request?: SyncRequest,
    context: ReconcileContext = {},
  ): Promise<ReconcileResult> {
    const metrics = this.deps.metrics ?? noEngineMetrics;
    const elapsed = startTimer();
    let result: ReconcileResult | undefined;
    try {
      result = await this.#reconcile(app, request, context);
      return result;
    } finally {
      metrics.reconcileDone({
        seconds: elapsed(),
        ok: result?.ok ?? false,
        synced: result?.synced ?? false,
      });
    }
  }

  async #reconcile(
    app: ParsedApp,
    request: SyncRequest | undefined,
    context: ReconcileContext,
  ): Promise<ReconcileResult> {
    const store = context.store ?? this.deps.store;
    const previous = await store.getApp(app.key);
    if (!app.valid) {
      await store.upsertApp({
        key: app.key,
        entityRef: app.entityRef,
        cluster: app.cluster,
        syncStatus: 'Invalid',
        healthStatus: 'Unknown',
        message: app.message,
      });
      if (
        previous?.syncStatus !== 'Invalid' ||
        previous.message !== app.message
      )
        this.#events.changed(app.key);
      await forgetWritten(store, app.key);
      return { synced: false, ok: false, message: app.message, rollouts: [] };
    }
    if (!previous) {
      await store.upsertApp({
        key: app.key,
        entityRef: app.entityRef,
        cluster: app.cluster,
        syncStatus: 'Unknown',
        healthStatus: 'Unknown',
      });
    }
    try {
      return await this.#reconcileValid(app, previous, request, {
        ...context,
        store,
      });
    } catch (error) {
      // A write refused because another backend holds the app now: its
      // state stands, and this backend writes nothing more.
      if (error instanceof LeaseLostError) throw error;
      (this.deps.metrics ?? noEngineMetrics).errorSeen('reconcile');
      const message = maskCredentials((error as Error).message);
      this.deps.logger.warn(`Reconcile of ${app.key} failed: ${message}`);
      await store.upsertApp({
        ...(previous ?? {}),
        key: app.key,
        entityRef: app.entityRef,
        cluster: app.cluster,
        syncStatus: 'Unknown',
        healthStatus: previous?.healthStatus ?? 'Unknown',
        message,
      });
      if (previous?.syncStatus !== 'Unknown' || previous.message !== message)
        this.#events.changed(app.key);
      await forgetWritten(store, app.key);
      // A sync someone asked for that could not even start (source, render
      // or dry run failed) is still a failed run: history shows why.
      if (request && !request.dryRun) {
        const runId = await this.#recordFailedStart(
          store,
          app,
          request,
          message,
          context.operationId,
        );
        return { runId, synced: true, ok: false, message, rollouts: [] };
      }
      return { synced: false, ok: false, message, rollouts: [] };
    }
  }

  async #recordFailedStart(
    store: GitopsStore,
    app: AppSpec,
    request: SyncRequest,
    message: string,
    operationId?: number,
  ) {
    const id = await store.addRun({
      operationId,
      appKey: app.key,
      revision: request.revision,
      trigger: request.trigger,
      initiator: request.initiator,
      result: 'Running',
      dryRun: false,
      prune: request.prune ?? false,
      startedAt: new Date().toISOString(),
    });
    await store.finishRun(id, { result: 'Failed', message }, []);
    this.#events.changed(app.key);
    // No commit resolved: the same error again is the same event.
    await this.#events.happened({
      kind: 'syncFailed',
      appKey: app.key,
      runId: id,
      message,
    });
    return id;
  }

  async #reconcileValid(
    app: AppSpec,
    previous: Pick<GitopsApp, 'lastRunResult' | 'healthStatus'> | undefined,
    request: SyncRequest | undefined,
    context: ReconcileContext & { store: GitopsStore },
  ): Promise<ReconcileResult> {
    const { repos, clusters } = this.deps;
    const { store } = context;
    const cluster = projectWriter(clusters.get(app.cluster), app);
    const state = await store.getAppState(app.key);
    const repo = repos.repo(app.repoUrl);
    const resolved = await repo.sync(
      request?.revision ?? state.pinnedRevision ?? app.revision,
    );
    const commit = await repo.commitMetadata(resolved.sha);

    const { manifests, rollouts } = splitRolloutDocuments(
      await this.#render(app, repo, resolved.sha),
      {
        argoController:
          this.deps.rolloutDefaults?.argoControllerClusters?.includes(
            app.cluster,
          ),
      },
    );
    const records = await this.#recordRollouts(
      store,
      app,
      state.rolloutSpecsHash,
      manifests,
      rollouts,
    );
    const { prepared, errors } = await prepareManifests(manifests, cluster, {
      appKey: app.key,
      namespace: app.namespace,
      project: app.project,
      canary: app.canary,
      rolloutServices: records.flatMap(r =>
        r.spec && !r.errors.length ? [r.spec.service.name] : [],
      ),
      routedObjects: records.flatMap(r =>
        r.argo
          ? argoRoutedObjects(r.argo, r.argo.source.namespace ?? app.namespace)
          : [],
      ),
    });
    if (errors.length) throw new Error(errors.join('; '));
    const hooks = prepared.filter(p => p.hook);
    let compared = await compareApp(
      cluster,
      prepared,
      this.#dryRuns,
      `${app.key}|`,
    );
    await this.#refuseForeignObjects(store, app, compared, resolved.sha);

    // What decides the desired state; policy flags such as selfHeal do not.
    const sourceHash = hash([app.repoUrl, app.path, app.namespace, app.canary]);
    const autoSyncKey = `${resolved.sha}|${sourceHash}`;
    const trigger =
      request ?? this.#autoSync(app, state, compared, autoSyncKey);
    if (trigger?.trigger === 'self-heal') {
      const recheckInMs = await this.#selfHealWait(store, app.key);
      // Nothing is written: the rows still say what the sync left.
      if (recheckInMs > 0)
        return { synced: false, ok: true, rollouts, recheckInMs };
    }

    let run: { id?: number; outcome?: SyncOutcome } = {};
    if (trigger) {
      run = await this.#sync(
        store,
        context,
        app,
        cluster,
        trigger,
        { compared, hooks, inventory: state.inventory },
        {
          sha: resolved.sha,
          message: commit.message,
          author: `${commit.author.name} <${commit.author.email}>`,
        },
      );
      const stateChange = {
        ...(run.outcome ? { inventory: run.outcome.inventory } : {}),
        ...(trigger.trigger === 'auto' ? { lastAutoSyncKey: autoSyncKey } : {}),
      };
      // A manual dry run changes neither; the store refuses an empty update.
      if (Object.keys(stateChange).length)
        await store.updateAppState(app.key, stateChange);
      if (run.outcome)
        compared = await settleCompare(
          cluster,
          prepared,
          this.#dryRuns,
          app.key,
        );
    }

    const resources = await resourceTree(cluster, compared);
    const argoRollouts = await argoRolloutNodes(
      cluster,
      app.key,
      app.namespace,
      records,
      this.deps.rollouts?.argoStatusOf?.bind(this.deps.rollouts),
    );
    resources.push(...argoRollouts.resources);
    const health = aggregateHealth([
      ...compared.map(c => {
        const r = resources.find(x => x.id === c.id)!;
        return {
          status: r.healthStatus!,
          message: r.message ?? '',
          object: c.live ?? c.object,
        };
      }),
      ...argoRollouts.health,
    ]);
    const outOfSync = compared.filter(c => c.diff.syncStatus === 'OutOfSync');
    const status = {
      key: app.key,
      entityRef: app.entityRef,
      cluster: app.cluster,
      syncStatus: outOfSync.length
        ? ('OutOfSync' as const)
        : ('Synced' as const),
      healthStatus: health.status,
      message: statusMessage(
        run.outcome,
        outOfSync.length,
        compared.length,
        health,
      ),
      revision: resolved.sha,
      commitMessage: commit.message.trim(),
      commitAuthor: commit.author.name,
      commitDate: commit.date,
      pinnedRevision: state.pinnedRevision,
      lastRunResult: run.outcome
        ? ((run.outcome.ok ? 'Succeeded' : 'Failed') as 'Succeeded' | 'Failed')
        : previous?.lastRunResult,
    };
    // A no-op reconcile writes nothing: the rows already say all of this,
    // whichever backend wrote them.
    const written = hash([status, resources, app]);
    if (state.statusHash !== written) {
      await store.replaceResources(app.key, resources);
      await store.upsertApp(status);
      await store.updateAppState(app.key, {
        spec: JSON.stringify(app),
        statusHash: written,
      });
      this.#events.changed(app.key);
      await this.#healthChanged(app, previous?.healthStatus, status);
    }
    await this.#handOver(app, records, rollouts);
    return {
      runId: run.id,
      synced: Boolean(trigger),
      ok: run.outcome?.ok ?? true,
      message: run.outcome?.message ?? status.message,
      rollouts,
    };
  }

  // Told once the status saying so is written, under the app's lease: the
  // notifier's record of the event keeps it to one notification per commit.
  async #healthChanged(
    app: AppSpec,
    before: GitopsApp['healthStatus'] | undefined,
    status: {
      healthStatus: GitopsApp['healthStatus'];
      revision?: string;
      message?: string;
    },
  ) {
    if (status.healthStatus === before) return;
    if (status.healthStatus === 'Degraded') {
      await this.#events.happened({
        kind: 'degraded',
        appKey: app.key,
        revision: status.revision,
        message: status.message,
      });
    } else if (status.healthStatus === 'Healthy') {
      await this.#events.cleared(app.key, 'degraded');
    }
  }

  // Another app's object is never adopted, overwritten or pruned: the whole
  // sync is refused, and the other app's History records the attempt once.
  async #refuseForeignObjects(
    store: GitopsStore,
    app: AppSpec,
    compared: ComparedObject[],
    sha: string,
  ) {
    const conflicts = compared.flatMap(c => {
      const owner = foreignOwner(app.key, c.live);
      return owner ? [{ id: c.id, label: objectLabel(c.object), owner }] : [];
    });
    if (!conflicts.length) return;
    for (const { id, label, owner } of conflicts) {
      const reported = `${app.key}|${id}|${sha}`;
      if (this.#conflictsReported.has(reported) || !(await store.getApp(owner)))
        continue;
      this.#conflictsReported.add(reported);
      const at = owner.lastIndexOf('@');
      await store.addAuditEvent({
        entityRef: owner.slice(0, at),
        cluster: owner.slice(at + 1),
        action: 'conflict',
        permission: '-',
        actor: app.key,
        result: 'denied',
        message: `${label} is this app's; app '${app.key}' declares it too and was refused`,
      });
    }
    throw new Error(
      `Ownership conflict, nothing applied: ${conflicts
        .map(c => `${c.label} is owned by app '${c.owner}'`)
        .join('; ')}`,
    );
  }

  // Rollout problems are the entity page's to show; they never fail the
  // sync of the manifests.
  async #recordRollouts(
    store: GitopsStore,
    app: AppSpec,
    lastWritten: string | undefined,
    manifests: KubernetesObject[],
    rollouts: KubernetesObject[],
  ): Promise<RolloutRecord[]> {
    try {
      const records = validateRollouts(
        app,
        manifests,
        rollouts,
        this.deps.rolloutDefaults,
      );
      const written = hash(records);
      if (lastWritten !== written) {
        await store.replaceRolloutSpecs(app.key, records);
        await store.updateAppState(app.key, { rolloutSpecsHash: written });
      }
      return records;
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      this.deps.logger.warn(
        `Rollout validation of ${app.key} failed: ${(error as Error).message}`,
      );
      return [];
    }
  }

  // After the sync, so the engine sees the workload the sync just applied.
  async #handOver(
    app: AppSpec,
    records: RolloutRecord[],
    documents: KubernetesObject[],
  ) {
    try {
      await this.deps.rollouts?.update(app, records, documents);
    } catch (error) {
      this.deps.logger.warn(
        `Rollout engine update of ${app.key} failed: ${
          (error as Error).message
        }`,
      );
    }
  }

  // Auto-sync once per (revision, spec); self-heal re-syncs drift of the same
  // revision. A pinned (rolled back) app is left alone until unpinned.
  #autoSync(
    app: AppSpec,
    state: { pinnedRevision?: string; lastAutoSyncKey?: string },
    compared: ComparedObject[],
    autoSyncKey: string,
  ): SyncRequest | undefined {
    if (app.syncPolicy !== 'auto' || state.pinnedRevision) return undefined;
    if (!compared.some(c => c.diff.syncStatus === 'OutOfSync'))
      return undefined;
    if (autoSyncKey !== state.lastAutoSyncKey)
      return { trigger: 'auto', prune: app.prune };
    if (app.selfHeal) return { trigger: 'self-heal', prune: app.prune };
    return undefined;
  }

  /**
   * How long self-heal must still wait. Drift seen right after a sync may
   * be this backend's watch cache not having caught up yet with the writes
   * of the sync (made by another replica, or still settling); so, as Argo
   * CD's self-heal timeout, it acts only once the last sync is that old.
   */
  async #selfHealWait(store: GitopsStore, key: string): Promise<number> {
    const graceMs = this.deps.selfHealGraceMs ?? SELF_HEAL_GRACE_MS;
    const [last] = (await store.listRuns(key, { offset: 0, limit: 1 })).items;
    if (!last) return 0;
    if (!last.finishedAt) return graceMs;
    return Math.max(0, Date.parse(last.finishedAt) + graceMs - Date.now());
  }

  async #sync(
    store: GitopsStore,
    context: ReconcileContext,
    app: AppSpec,
    cluster: ClusterApi,
    request: SyncRequest,
    plan: {
      compared: ComparedObject[];
      hooks: PreparedObject[];
      inventory: string[];
    },
    commit: { sha: string; message: string; author: string },
  ): Promise<{ id: number; outcome?: SyncOutcome }> {
    const startedAt = new Date().toISOString();
    const id = await store.addRun({
      operationId: context.operationId,
      appKey: app.key,
      revision: commit.sha,
      trigger: request.trigger,
      initiator: request.initiator,
      result: 'Running',
      commitMessage: commit.message.trim(),
      commitAuthor: commit.author,
      dryRun: request.dryRun ?? false,
      prune: request.prune ?? false,
      startedAt,
    });
    this.#events.changed(app.key);
    if (request.dryRun) {
      const changes = plan.compared.filter(
        c => c.diff.syncStatus === 'OutOfSync',
      );
      await store.finishRun(
        id,
        {
          result: 'Succeeded',
          message: `Dry run: ${changes.length} objects would change`,
        },
        plan.compared.map(c => ({
          id: c.id,
          kind: c.object.kind,
          namespace: c.object.metadata.namespace,
          name: c.object.metadata.name,
          result: plannedResult(c),
        })),
      );
      this.#events.changed(app.key);
      return { id };
    }
    const outcome = await runSync(cluster, {
      appKey: app.key,
      compared: plan.compared,
      hooks: plan.hooks,
      previousInventory: plan.inventory,
      prune: request.prune ?? false,
      allowEmpty: request.allowEmpty,
      signal: context.signal,
    });
    await store.finishRun(
      id,
      { result: outcome.ok ? 'Succeeded' : 'Failed', message: outcome.message },
      outcome.resources,
    );
    this.#events.changed(app.key);
    if (outcome.ok) {
      await this.#events.cleared(app.key, 'syncFailed');
    } else {
      await this.#events.happened({
        kind: 'syncFailed',
        appKey: app.key,
        revision: commit.sha,
        runId: id,
        message: outcome.message,
      });
    }
    this.deps.logger.info(
      `Synced ${app.key} to ${commit.sha.slice(0, 12)}: ${outcome.message}`,
      {
        trigger: request.trigger,
        initiator: request.initiator,
      },
    );
    return { id, outcome };
  }

  async #render(app: AppSpec, repo: CachedRepo, sha: string) {
    const source = `${repo.displayUrl}|${sha}|${app.path}|${app.namespace}`;
    const cached = this.#renders.get(app.key);
    if (cached?.source === source) return cached.objects;
    const objects = await this.#renderFailures.render(
      { repo: repo.displayUrl, sha, path: app.path, namespace: app.namespace },
      async () => {
        const tree = await repo.readTree(sha, app.path);
        const renderer = selectRenderer(await tree.list(), this.deps.renderers);
        return renderer.render(tree, { namespace: app.namespace });
      },
    );
    this.#renders.delete(app.key);
    if (this.#renders.size >= RENDERS_KEPT) {
      this.#renders.delete(this.#renders.keys().next().value!);
    }
    this.#renders.set(app.key, { source, objects });
    return objects;
  }
}

// The next reconcile writes everything again: the rows changed behind the hashes.
async function forgetWritten(store: GitopsStore, key: string) {
  await store.updateAppState(key, {
    statusHash: undefined,
    rolloutSpecsHash: undefined,
  });
}

// What the app's status line says, most pressing first.
function statusMessage(
  outcome: SyncOutcome | undefined,
  outOfSync: number,
  total: number,
  health: { status: string; message: string },
): string | undefined {
  if (outcome && !outcome.ok) return outcome.message;
  if (outOfSync) return `${outOfSync} of ${total} objects differ from Git`;
  return health.status === 'Healthy' ? undefined : health.message;
}

// What a dry run would do to an object.
function plannedResult(
  c: ComparedObject,
): 'Unchanged' | 'Configured' | 'Created' {
  if (c.diff.syncStatus === 'Synced') return 'Unchanged';
  return c.live ? 'Configured' : 'Created';
}
