import type {
  SyncOperation,
  SyncOperationAction,
  SyncOperationRequest,
  SyncOperationStatus,
} from '@slipway/plugin-gitops-common';

/** An operation as someone asks for it. */
export interface NewOperation {
  appKey: string;
  action: SyncOperationAction;
  request: SyncOperationRequest;
  initiator?: string;
}

/** How an operation ended. */
export interface OperationOutcome {
  status: Extract<SyncOperationStatus, 'Succeeded' | 'Failed' | 'Interrupted'>;
  message?: string;
  runId?: number;
}

/** Manual actions on apps, recorded at once and run by the app's lease holder. */
export interface OperationStore {
  /**
   * Records an operation, or returns the identical one (same app, action and
   * options) still pending or running, so a retried request starts nothing new.
   */
  request(
    operation: NewOperation,
  ): Promise<{ operation: SyncOperation; existing: boolean }>;
  get(id: number): Promise<SyncOperation | undefined>;
  /** The app's oldest pending operation. */
  nextPending(appKey: string): Promise<SyncOperation | undefined>;
  /** Marks it running on `owner`; false when someone else started it. */
  start(id: number, owner: string): Promise<boolean>;
  finish(id: number, outcome: OperationOutcome): Promise<void>;
}
