import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { SyncRunResource } from '@slipway/plugin-gitops-common';
import { assessHealth } from '../health';
import { redactSecretValues } from '../diff';
import { ClusterApi } from '../../kube/ClusterApi';
import { ComparedObject } from './compareApp';
import { objectLabel, parseObjectId, refOf } from '../../kube/objectId';
import { applyStages, HookPhase, hookPhases, pruneOrder } from './order';
import { foreignOwner, isOwnedBy, isPruneDisabled } from '../../kube/ownership';
import { PreparedObject } from './prepareManifests';
import { waitFor } from './waitFor';

export interface SyncPlan {
  appKey: string;
  compared: ComparedObject[];
  hooks: PreparedObject[];
  /** Ids the previous successful sync applied. */
  previousInventory: string[];
  prune: boolean;
  /** Pruning every object of an app must be asked for explicitly. */
  allowEmpty?: boolean;
  /**
   * Aborted when the app's lease moved to another backend: nothing more is
   * applied, so a change is never applied by two backends.
   */
  signal?: AbortSignal;
  /** Deadlines of the waits, and how often each wait looks again. */
  timeouts?: { crdMs?: number; hookMs?: number; pollMs?: number };
}

export interface SyncOutcome {
  ok: boolean;
  message: string;
  resources: SyncRunResource[];
  /** Ids now applied, plus stale ones that could not be pruned. */
  inventory: string[];
}

const resourceOf = (
  id: string,
  obj: KubernetesObject,
  result: SyncRunResource['result'],
  message?: string,
): SyncRunResource => ({
  id,
  kind: obj.kind,
  namespace: obj.metadata.namespace,
  name: obj.metadata.name,
  result,
  message,
});

/**
 * Applies a compared app: PreSync hooks, then Namespaces and CRDs (awaited
 * until Established), then each sync wave, then Sync and PostSync hooks,
 * then prune. The first failure stops the run and runs SyncFail hooks.
 */
export async function runSync(
  cluster: ClusterApi,
  plan: SyncPlan,
): Promise<SyncOutcome> {
  const results: SyncRunResource[] = [];
  const secrets = [
    ...plan.compared.map(c => c.object),
    ...plan.hooks.map(h => h.object),
  ];
  const newIds = plan.compared.map(c => c.id);
  const stale = plan.previousInventory.filter(id => !newIds.includes(id));

  const fail = async (message: string): Promise<SyncOutcome> => {
    await runHooks(cluster, plan, 'SyncFail', results).catch(() => undefined);
    return {
      ok: false,
      message: redactSecretValues(message, secrets),
      resources: results,
      // Keep everything we may have applied, so a later prune still sees it.
      inventory: [...new Set([...plan.previousInventory, ...newIds])],
    };
  };

  if (
    plan.prune &&
    newIds.length === 0 &&
    stale.length > 0 &&
    !plan.allowEmpty
  ) {
    return fail(
      `Refusing to prune all ${stale.length} objects of the app: the source renders nothing. Sync with allowEmpty to confirm.`,
    );
  }

  try {
    await runHooks(cluster, plan, 'PreSync', results);
    const byId = new Map(plan.compared.map(c => [c.id, c]));
    for (const stage of applyStages(plan.compared.map(c => c.object))) {
      for (const obj of stage) {
        const compared = byId.get(idOf(plan, obj))!;
        if (compared.diff.syncStatus === 'Synced') {
          results.push(resourceOf(compared.id, obj, 'Unchanged'));
          continue;
        }
        stopIfLeaseLost(plan);
        try {
          await cluster.apply(obj);
        } catch (error) {
          results.push(
            resourceOf(compared.id, obj, 'Failed', (error as Error).message),
          );
          throw new Error(`${objectLabel(obj)}: ${(error as Error).message}`);
        }
        results.push(
          resourceOf(
            compared.id,
            obj,
            compared.live ? 'Configured' : 'Created',
          ),
        );
      }
      await waitForEstablishedCrds(cluster, stage, {
        timeoutMs: plan.timeouts?.crdMs ?? 60_000,
        intervalMs: plan.timeouts?.pollMs,
      });
    }
    await runHooks(cluster, plan, 'Sync', results);
    await runHooks(cluster, plan, 'PostSync', results);
  } catch (error) {
    return fail((error as Error).message);
  }

  const unpruned = await prune(cluster, plan, stale, results);
  const failed = results.filter(r => r.result === 'Failed');
  const changed = results.filter(r => r.result !== 'Unchanged').length;
  return {
    ok: failed.length === 0,
    message: failed.length
      ? redactSecretValues(
          `${failed.length} objects could not be pruned`,
          secrets,
        )
      : `Synced ${plan.compared.length} objects, ${changed} changed`,
    resources: results,
    inventory: [...newIds, ...unpruned],
  };
}

// Throws the signal's reason: why this backend may apply nothing more.
function stopIfLeaseLost(plan: SyncPlan) {
  plan.signal?.throwIfAborted();
}

function idOf(plan: SyncPlan, obj: KubernetesObject) {
  return plan.compared.find(c => c.object === obj)!.id;
}

async function waitForEstablishedCrds(
  cluster: ClusterApi,
  stage: KubernetesObject[],
  wait: { timeoutMs: number; intervalMs?: number },
) {
  for (const crd of stage.filter(o => o.kind === 'CustomResourceDefinition')) {
    await waitFor(
      async () => {
        const live = await cluster.getLive(refOf(crd));
        return assessHealth(live).status === 'Healthy' ? true : undefined;
      },
      { ...wait, what: `${objectLabel(crd)} to be Established` },
    );
  }
}

/**
 * Runs a phase's hooks one by one: the previous instance is deleted first
 * (BeforeHookCreation), the hook applied, and its health awaited: Healthy
 * means succeeded, Degraded failed.
 */
async function runHooks(
  cluster: ClusterApi,
  plan: SyncPlan,
  phase: HookPhase,
  results: SyncRunResource[],
) {
  const hooks = plan.hooks.filter(h => hookPhases(h.object).includes(phase));
  for (const hook of hooks) {
    stopIfLeaseLost(plan);
    const obj = hook.object;
    const live = await cluster.getLive(refOf(obj));
    const owner = foreignOwner(plan.appKey, live);
    if (owner)
      throw new Error(
        `${phase} hook ${objectLabel(
          obj,
        )} is owned by app '${owner}'; it is never replaced`,
      );
    if (live) {
      await cluster.delete(refOf(obj));
      await waitFor(
        async () => ((await cluster.getLive(refOf(obj))) ? undefined : true),
        {
          timeoutMs: 60_000,
          intervalMs: plan.timeouts?.pollMs,
          what: `the previous ${objectLabel(obj)} to be deleted`,
        },
      );
    }
    await cluster.apply(obj);
    const health = await waitFor(
      async () => {
        const status = assessHealth(await cluster.getLive(refOf(obj)));
        return ['Healthy', 'Degraded'].includes(status.status)
          ? status
          : undefined;
      },
      {
        timeoutMs: plan.timeouts?.hookMs ?? 300_000,
        intervalMs: plan.timeouts?.pollMs,
        what: `${phase} hook ${objectLabel(obj)}`,
      },
    );
    const ok = health.status === 'Healthy';
    results.push(
      resourceOf(
        hook.id,
        obj,
        ok ? 'Created' : 'Failed',
        `${phase} hook: ${health.message}`,
      ),
    );
    if (!ok)
      throw new Error(
        `${phase} hook ${objectLabel(obj)} failed: ${health.message}`,
      );
  }
}

/** Deletes stale objects still marked as ours; returns the ids kept. */
async function prune(
  cluster: ClusterApi,
  plan: SyncPlan,
  stale: string[],
  results: SyncRunResource[],
): Promise<string[]> {
  const kept: string[] = [];
  // Each live object keeps the id it was found by: kinds of one name in two
  // API groups (Istio's and Gateway API's Gateway) must not share one.
  const idOfLive = new Map<KubernetesObject, string>();
  for (const id of stale) {
    const { group, kind, namespace, name } = parseObjectId(id);
    const live = await findLive(cluster, group, kind, namespace, name);
    if (live) idOfLive.set(live, id);
  }
  for (const live of pruneOrder([...idOfLive.keys()])) {
    const id = idOfLive.get(live)!;
    if (plan.signal?.aborted) {
      kept.push(id);
      continue;
    }
    if (!isOwnedBy(plan.appKey, live)) {
      results.push(
        resourceOf(
          id,
          live,
          'PruneSkipped',
          "no longer carries this app's tracking marker",
        ),
      );
    } else if (isPruneDisabled(live)) {
      kept.push(id);
      results.push(
        resourceOf(id, live, 'PruneSkipped', 'annotated prune-disabled'),
      );
    } else if (!plan.prune) {
      kept.push(id);
      results.push(
        resourceOf(id, live, 'PruneSkipped', 'prune not enabled for this sync'),
      );
    } else {
      try {
        await cluster.delete(refOf(live));
        results.push(resourceOf(id, live, 'Pruned'));
      } catch (error) {
        kept.push(id);
        results.push(resourceOf(id, live, 'Failed', (error as Error).message));
      }
    }
  }
  return kept;
}

// Inventory ids carry the group, not the version: find the live object with
// the version the cluster serves it at (from the live apiVersion we stored).
async function findLive(
  cluster: ClusterApi,
  group: string,
  kind: string,
  namespace: string | undefined,
  name: string,
) {
  const apiVersion = await cluster
    .preferredVersion(group, kind)
    .catch(() => undefined);
  if (!apiVersion) return undefined;
  return cluster.getLive({ apiVersion, kind, namespace, name });
}
