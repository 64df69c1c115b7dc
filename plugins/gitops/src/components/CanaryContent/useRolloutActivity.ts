import { useApi } from '@backstage/core-plugin-api';
import {
  gitopsAppKey,
  gitopsRolloutsChannel,
  RolloutEvent,
  RolloutRunDetails,
} from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { useEntityRef, usePolling } from '../common';

/** How many of the newest events the timeline shows. */
export const EVENT_LIMIT = 50;

export interface RolloutActivity {
  /** The current (or last) run with its checks and events; absent before the first run. */
  run?: RolloutRunDetails;
  /** The rollout's newest events, across runs, oldest first. */
  events: RolloutEvent[];
}

/**
 * Polls the current run and the newest events of one rollout together, so
 * they agree, and fetches them again as soon as the rollout's status moves
 * on (`statusAt`), so the run never lags the phase shown beside it; and at
 * once when the app's rollouts signal a change.
 */
export function useRolloutActivity(
  cluster: string,
  rollout: string,
  runId: number | undefined,
  intervalMs = 5000,
  statusAt?: string,
) {
  const api = useApi(gitopsApiRef);
  const { ref, refString } = useEntityRef();
  return usePolling<RolloutActivity>(
    async () => {
      const [run, events] = await Promise.all([
        runId === undefined
          ? undefined
          : api.getRolloutRun(ref, cluster, rollout, runId),
        api.listRolloutEvents(ref, cluster, rollout, EVENT_LIMIT),
      ]);
      return { run, events };
    },
    [api, ref, cluster, rollout, runId, statusAt],
    {
      intervalMs,
      signalChannels: [gitopsRolloutsChannel(gitopsAppKey(refString, cluster))],
    },
  );
}
