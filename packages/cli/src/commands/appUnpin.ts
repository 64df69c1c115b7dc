import { CLUSTER_OPTION } from '../args/options';
import { appPath } from '../api/resolveApp';
import { describeOperation } from '../output/describe';
import { requireWaitFor, targetOf, waitAndReport, waitOptions } from './shared';
import type { CommandSpec } from './types';

export const appUnpin: CommandSpec = {
  group: 'app',
  name: 'unpin',
  summary:
    "remove a rollback's pin so the app follows Git again (needs gitops.rollback.trigger)",
  args: ['APP'],
  options: {
    ...CLUSTER_OPTION,
    wait: { type: 'boolean', description: 'follow the operation to its end' },
    timeout: {
      type: 'string',
      valueName: 'DURATION',
      description: 'give up after this long, with exit code 5 (default 5m)',
    },
    interval: {
      type: 'string',
      valueName: 'DURATION',
      description: 'time between two looks (default 2s)',
    },
  },
  details:
    'The unpinned app is refreshed; a manual app then shows OutOfSync until the next sync,\nso --wait follows the operation only.',
  async run(ctx, { args, options }) {
    requireWaitFor(options);
    const target = await targetOf(ctx, args[0], options);
    const accepted = await ctx.client.call('unpinApp', {
      path: appPath(target),
      body: {},
    });
    if (!options.wait) {
      return { json: accepted, text: describeOperation(accepted.operation) };
    }
    ctx.progress(
      `${target.key}: operation ${accepted.operation.id} (${accepted.operation.action}) accepted`,
    );
    return waitAndReport(ctx, target, {
      ...waitOptions(ctx, options),
      operationId: accepted.operation.id,
      operationOnly: true,
    });
  },
};
