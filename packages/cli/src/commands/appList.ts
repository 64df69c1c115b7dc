import { parseAppRef } from '../args/appRef';
import { appsTable } from '../output/describe';
import type { CommandSpec } from './types';

export const appList: CommandSpec = {
  group: 'app',
  name: 'list',
  summary: 'list the apps you may read, or the apps of one entity',
  args: ['[ENTITY]'],
  options: {
    cluster: {
      type: 'string',
      short: 'c',
      valueName: 'CLUSTER',
      description: 'only apps on this cluster',
    },
    'sync-status': {
      type: 'string',
      valueName: 'STATUS',
      description:
        'only apps in this sync status: Synced, OutOfSync, Unknown, Invalid',
    },
    'health-status': {
      type: 'string',
      valueName: 'STATUS',
      description:
        'only apps in this health: Healthy, Progressing, Degraded, Suspended, Missing, Unknown',
    },
  },
  async run({ client }, { args, options }) {
    const cluster = options.cluster as string | undefined;
    const syncStatus = options['sync-status'] as string | undefined;
    const healthStatus = options['health-status'] as string | undefined;
    let items;
    if (args[0]) {
      const { entity } = parseAppRef(args[0]);
      items = (
        await client.call('listEntityApps', { path: entity })
      ).items.filter(
        app =>
          (!cluster || app.cluster === cluster) &&
          (!syncStatus || app.syncStatus === syncStatus) &&
          (!healthStatus || app.healthStatus === healthStatus),
      );
    } else {
      ({ items } = await client.call('listFleetApps', {
        query: { cluster, syncStatus, healthStatus },
      }));
    }
    return { json: { items }, text: appsTable(items) };
  },
};
