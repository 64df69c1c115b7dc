import type { RolloutEvent, RolloutRun } from '@slipway/plugin-gitops-common';
import { CLUSTER_OPTION } from '../args/options';
import { ApiError } from '../api/ApiError';
import { appPath, AppTarget } from '../api/resolveApp';
import type { SlipwayClient } from '../api/SlipwayClient';
import { describeRollout, rolloutsTable } from '../output/describe';
import { rolloutOf } from './rolloutTarget';
import { targetOf } from './shared';
import type { CommandSpec } from './types';

/** Runs and events need the rollout engine; without it (503) the plan alone is shown. */
async function recent(
  client: SlipwayClient,
  target: AppTarget,
  rollout: string,
): Promise<{ runs: RolloutRun[]; events: RolloutEvent[] }> {
  const path = { ...appPath(target), rollout };
  try {
    const [runs, events] = await Promise.all([
      client.call('listRolloutRuns', { path, query: { limit: 5 } }),
      client.call('listRolloutEvents', { path, query: { limit: 20 } }),
    ]);
    return { runs: runs.items, events: events.items };
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) {
      return { runs: [], events: [] };
    }
    throw error;
  }
}

export const rolloutGet: CommandSpec = {
  group: 'rollout',
  name: 'get',
  summary:
    "show an app's rollouts; with ROLLOUT, its status, recent runs and events",
  args: ['APP', '[ROLLOUT]'],
  options: { ...CLUSTER_OPTION },
  async run(ctx, { args, options }) {
    const target = await targetOf(ctx, args[0], options);
    if (!args[1]) {
      const { items } = await ctx.client.call('listRollouts', {
        path: appPath(target),
      });
      return { json: { items }, text: rolloutsTable(items) };
    }
    const { rollout } = await rolloutOf(ctx.client, target, args[1]);
    const { runs, events } = await recent(ctx.client, target, rollout.name);
    return {
      json: { rollout, runs, events },
      text: describeRollout(rollout, runs, events),
    };
  },
};
