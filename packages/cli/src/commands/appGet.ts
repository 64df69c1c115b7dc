import { CLUSTER_OPTION } from '../args/options';
import { appPath } from '../api/resolveApp';
import { describeApp, resourcesTable } from '../output/describe';
import { targetOf } from './shared';
import type { CommandSpec } from './types';

export const appGet: CommandSpec = {
  group: 'app',
  name: 'get',
  summary: 'show an app: status, commit, pin, project and its resources',
  args: ['APP'],
  options: { ...CLUSTER_OPTION },
  async run(ctx, { args, options }) {
    const target = await targetOf(ctx, args[0], options);
    const details = await ctx.client.call('getApp', { path: appPath(target) });
    return {
      json: details,
      text: `${describeApp(details.app)}\n\n${resourcesTable(
        details.resources,
      )}`,
    };
  },
};
