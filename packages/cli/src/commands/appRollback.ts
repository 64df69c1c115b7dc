import { CLUSTER_OPTION, START_WAIT_OPTIONS } from '../args/options';
import { appPath } from '../api/resolveApp';
import { CliError, ExitCode } from '../exitCodes';
import { describeOperation } from '../output/describe';
import { requireWaitFor, targetOf, waitAndReport, waitOptions } from './shared';
import type { CommandSpec } from './types';

export const appRollback: CommandSpec = {
  group: 'app',
  name: 'rollback',
  summary:
    'sync the commit of a past successful run and pin the app to it (needs gitops.rollback.trigger)',
  args: ['APP', 'RUN_ID'],
  options: { ...CLUSTER_OPTION, ...START_WAIT_OPTIONS },
  details:
    'RUN_ID is a run of slipway app history. Auto-sync stays paused until slipway app unpin.\nA run that did not succeed is refused with exit code 7.',
  async run(ctx, { args, options }) {
    requireWaitFor(options);
    if (!/^[1-9]\d*$/.test(args[1])) {
      throw new CliError(
        ExitCode.Usage,
        `RUN_ID '${args[1]}' is no run id (see slipway app history)`,
      );
    }
    const target = await targetOf(ctx, args[0], options);
    const accepted = await ctx.client.call('rollbackApp', {
      path: appPath(target),
      body: { runId: Number(args[1]) },
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
    });
  },
};
