import type * as Spec from '../schema/openapi';
import type * as Shared from '../types';

// Checked by `yarn tsc` only: the hand-written shared types and the models
// generated from the spec must be the same types, field for field, optional
// where the other is optional. Change both (the spec, then regenerate).

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B
  ? 1
  : 2
  ? true
  : false;
type Holds<T extends true> = T;

/** @internal */
export type SharedTypesMatchSpec = [
  Holds<Same<Shared.SyncStatus, Spec.SyncStatus>>,
  Holds<Same<Shared.HealthStatus, Spec.HealthStatus>>,
  Holds<Same<Shared.SyncRunResult, Spec.SyncRunResult>>,
  Holds<Same<Shared.ProjectDestination, Spec.ProjectDestination>>,
  Holds<Same<Shared.GitopsApp, Spec.GitopsApp>>,
  Holds<Same<Shared.AppResource, Spec.AppResource>>,
  Holds<Same<Shared.SyncRunResource, Spec.SyncRunResource>>,
  Holds<Same<Shared.SyncRun, Spec.SyncRun>>,
  Holds<Same<Shared.SyncOperationAction, Spec.SyncOperationAction>>,
  Holds<Same<Shared.SyncOperationStatus, Spec.SyncOperationStatus>>,
  Holds<Same<Shared.SyncOperationRequest, Spec.SyncOperationRequest>>,
  Holds<Same<Shared.SyncOperation, Spec.SyncOperation>>,
  Holds<Same<Shared.Page<Shared.SyncRun>, Spec.SyncRunPage>>,
  Holds<Same<Shared.AuditResult, Spec.AuditResult>>,
  Holds<Same<Shared.AuditEvent, Spec.AuditEvent>>,
  Holds<Same<Shared.Page<Shared.AuditEvent>, Spec.AuditEventPage>>,
  Holds<Same<Shared.RolloutPhase, Spec.RolloutPhase>>,
  Holds<Same<Shared.RolloutStatus, Spec.RolloutStatus>>,
  Holds<Same<Shared.RolloutSummary, Spec.RolloutSummary>>,
  Holds<Same<Shared.RolloutRunResult, Spec.RolloutRunResult>>,
  Holds<Same<Shared.RolloutRun, Spec.RolloutRun>>,
  Holds<Same<Shared.Page<Shared.RolloutRun>, Spec.RolloutRunPage>>,
  Holds<Same<Shared.RolloutCheck, Spec.RolloutCheck>>,
  Holds<Same<Shared.RolloutEvent, Spec.RolloutEvent>>,
  Holds<Same<Shared.RolloutRunDetails, Spec.RolloutRunDetails>>,
  Holds<Same<Shared.RolloutAction, Spec.RolloutAction>>,
];
