import type {
  RolloutAction,
  RolloutStatus,
} from '@slipway/plugin-gitops-common';
import type {
  ClaimedRollout as StoredClaim,
  RolloutState as StoredState,
  RolloutStore as Store,
} from '../../database/RolloutStore';
import type { ArgoRolloutState } from './argo/state';

// The engine's persisted state and its store port live with the store,
// which keeps what the engine knows of an Argo Rollout as JSON.
export type RolloutState = StoredState<ArgoRolloutState>;
export type RolloutStore = Store<ArgoRolloutState>;
export type ClaimedRollout = StoredClaim<ArgoRolloutState>;
export type {
  RolloutLease,
  RolloutRequests,
  NewRolloutRun,
  NewRolloutCheck,
  NewRolloutEvent,
  StoredRollout,
  TickCommit,
  TickCommitted,
  TickWrites,
} from '../../database/RolloutStore';
export { LeaseLostError } from '../../database/LeaseLostError';

/** What the REST API asks of the engine. */
export interface RolloutControl {
  /** Records the request and makes the rollout due at once, whichever backend holds it; returns its status. Throws ConflictError (@backstage/errors) when the action does not apply in the rollout's phase, NotFoundError for an unknown rollout. */
  control(
    appKey: string,
    rollout: string,
    action: RolloutAction,
  ): Promise<RolloutStatus>;
  /** The status the API shows, from the stored state and the spec's threshold. */
  statusOf(state: RolloutState, threshold: number): RolloutStatus;
}
