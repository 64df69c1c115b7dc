import type {
  RolloutAction,
  RolloutStatus,
} from '@internal/plugin-gitops-common';
import type { RolloutState } from '../../database/RolloutStore';

// The engine's persisted state and its store port live with the store.
export type {
  ClaimedRollout,
  RolloutLease,
  RolloutRequests,
  RolloutState,
  NewRolloutRun,
  NewRolloutCheck,
  NewRolloutEvent,
  RolloutStore,
  StoredRollout,
  TickCommit,
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
