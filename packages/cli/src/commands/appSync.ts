import { CLUSTER_OPTION, START_WAIT_OPTIONS } from '../args/options';
import { appPath } from '../api/resolveApp';
import { describeOperation } from '../output/describe';
import { requireWaitFor, targetOf, waitAndReport, waitOptions } from './shared';
import type { CommandSpec } from './types';

export const appSync: CommandSpec = {
  group: 'app',
  name: 'sync',
  summary: 'sync an app now (needs gitops.sync.trigger)',
  args: ['APP'],
  options: {
    ...CLUSTER_OPTION,
    revision: {
      type: 'string',
      valueName: 'REV',
      description:
        'branch, tag or commit to sync instead of the tracked revision',
    },
    prune: { type: 'boolean', description: 'delete objects no longer in Git' },
    'dry-run': {
      type: 'boolean',
      description:
        'compare and validate only; with --wait, waits for the operation alone',
    },
    'allow-empty': {
      type: 'boolean',
      description: 'allow a sync that would leave the app with no objects',
    },
    ...START_WAIT_OPTIONS,
  },
  details:
    'Without --wait, prints the operation the backend accepted (202) and exits 0.',
  async run(ctx, { args, options }) {
    requireWaitFor(options);
    const target = await targetOf(ctx, args[0], options);
    const dryRun = options['dry-run'] === true;
    const accepted = await ctx.client.call('syncApp', {
      path: appPath(target),
      body: {
        revision: options.revision as string | undefined,
        prune: options.prune as boolean | undefined,
        dryRun: dryRun || undefined,
        allowEmpty: options['allow-empty'] as boolean | undefined,
      },
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
      operationOnly: dryRun,
    });
  },
};
