import type { SyncOperation } from '@slipway/plugin-gitops-common';
import type { ParsedApp } from '../../catalog/AppSpec';
import type { GitopsStore } from '../../database/GitopsStore';
import type { OperationOutcome } from '../../database/OperationStore';
import type {
  AppReconciler,
  ReconcileContext,
  ReconcileResult,
  SyncRequest,
} from '../AppReconciler';

/**
 * Runs one operation on an app whose lease this backend holds, writing
 * through the lease-fenced `context.store`.
 */
export async function runOperation(
  operation: SyncOperation,
  app: ParsedApp,
  reconciler: AppReconciler,
  context: ReconcileContext & { store: GitopsStore },
): Promise<{ result?: ReconcileResult; outcome: OperationOutcome }> {
  const { store } = context;
  const initiator = operation.initiator;
  let request: SyncRequest | undefined;
  switch (operation.action) {
    case 'sync':
      request = { trigger: 'manual', initiator, ...operation.request };
      break;
    case 'rollback': {
      const run = await store.getRun(operation.request.runId ?? 0);
      if (!run?.revision || run.appKey !== app.key) {
        return failed(`Sync run '${operation.request.runId}' no longer exists`);
      }
      // Pinning pauses auto-sync at the old revision until someone unpins.
      await store.updateAppState(app.key, { pinnedRevision: run.revision });
      request = {
        trigger: 'rollback',
        initiator,
        revision: run.revision,
        prune: run.prune,
      };
      break;
    }
    case 'unpin':
      await store.updateAppState(app.key, { pinnedRevision: undefined });
      break;
    case 'refresh':
      break;
    default:
      return failed(`Unknown action '${operation.action}'`);
  }
  const result = await reconciler.reconcile(app, request, {
    ...context,
    operationId: operation.id,
  });
  return { result, outcome: outcomeOf(result) };
}

function outcomeOf(result: ReconcileResult): OperationOutcome {
  return {
    status: result.ok ? 'Succeeded' : 'Failed',
    message: result.message,
    runId: result.runId,
  };
}

function failed(message: string) {
  return { outcome: { status: 'Failed' as const, message } };
}
