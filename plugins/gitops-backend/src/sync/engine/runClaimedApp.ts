import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RepoCache } from '@slipway/plugin-gitops-node';
import type { AppLeases, ClaimedApp } from '../../database/AppLeases';
import type { GitopsStore } from '../../database/GitopsStore';
import { LeaseLostError } from '../../database/LeaseLostError';
import type { OperationStore } from '../../database/OperationStore';
import type {
  AppReconciler,
  ReconcileResult,
  SyncRequest,
} from '../AppReconciler';
import type { EngineMetrics } from '../../metrics';
import { LeaseKeeper } from './LeaseKeeper';
import { nextDue } from './nextDue';
import { runOperation } from './runOperation';

export interface AppWorkDeps {
  leases: AppLeases;
  operations: OperationStore;
  store: GitopsStore;
  reconciler: AppReconciler;
  repos?: RepoCache;
  logger: LoggerService;
  metrics: EngineMetrics;
  leaseMs: number;
  interval: { intervalMs: number; jitterMs: number };
}

// Operations one claim runs before it lets the app go; the rest wait for
// the next claim, so one busy app cannot hold a slot forever.
const OPERATIONS_PER_CLAIM = 10;

/**
 * Works on an app this backend claimed: the request given (in-process
 * callers), else its pending operations in order, else one reconcile; then
 * releases it with its next due time. Every write goes through the lease.
 */
export async function runClaimedApp(
  claimed: ClaimedApp,
  deps: AppWorkDeps,
  options: {
    request?: SyncRequest;
    onStart?: (keeper: LeaseKeeper) => void;
  } = {},
): Promise<ReconcileResult | undefined> {
  const { lease, app } = claimed;
  const keeper = new LeaseKeeper(
    deps.leases,
    lease,
    deps.leaseMs,
    deps.logger,
    deps.metrics,
  );
  options.onStart?.(keeper);
  const context = { store: deps.store.withLease(lease), signal: keeper.signal };
  try {
    if (claimed.refetchAt && app.valid) {
      deps.repos?.repo(app.repoUrl).forgetRemoteRefs(claimed.refetchAt);
    }
    let last: { result?: ReconcileResult; request?: SyncRequest } | undefined;
    if (options.request) {
      const result = await deps.reconciler.reconcile(
        app,
        options.request,
        context,
      );
      last = { result, request: options.request };
    } else {
      for (let i = 0; i < OPERATIONS_PER_CLAIM; i++) {
        const operation = await deps.operations.nextPending(lease.key);
        if (!operation) break;
        if (!(await deps.operations.start(operation.id, lease.owner))) continue;
        const { result, outcome } = await runOperation(
          operation,
          app,
          deps.reconciler,
          context,
        ).catch(error => {
          if (error instanceof LeaseLostError) throw error;
          return {
            result: undefined,
            outcome: {
              status: 'Failed' as const,
              message: String(error.message),
            },
          };
        });
        await deps.operations.finish(operation.id, outcome);
        last = { result, request: { trigger: 'manual' } };
      }
      if (!last)
        last = {
          result: await deps.reconciler.reconcile(app, undefined, context),
        };
    }
    const due = nextDue(
      app,
      last.result ?? { synced: false, ok: true, rollouts: [] },
      last.request,
      claimed.syncFailures,
      deps.interval,
    );
    await deps.leases.release(lease, {
      dueAt: new Date(Date.now() + due.delayMs),
      syncFailures: due.syncFailures,
    });
    return last.result;
  } catch (error) {
    if (error instanceof LeaseLostError || keeper.signal.aborted) {
      // A refused write finds the move before the keeper's next renewal.
      if (!keeper.signal.aborted) {
        deps.metrics.leaseMoved({ lease: 'app', move: 'lost' });
      }
      deps.logger.warn(`Gave up ${lease.key}: ${(error as Error).message}`);
      return undefined;
    }
    throw error;
  } finally {
    keeper.stop();
  }
}
