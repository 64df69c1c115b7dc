import { CLUSTER_OPTION, WAIT_OPTIONS } from '../args/options';
import { CliError, ExitCode } from '../exitCodes';
import { targetOf, waitAndReport, waitOptions } from './shared';
import type { CommandSpec } from './types';

export const appWait: CommandSpec = {
  group: 'app',
  name: 'wait',
  summary:
    'wait until an app is Synced and Healthy (and with --rollout, its canary done)',
  args: ['APP'],
  options: {
    ...CLUSTER_OPTION,
    operation: {
      type: 'string',
      valueName: 'ID',
      description:
        'first follow this operation (the id sync, rollback or unpin printed) to its end',
    },
    revision: {
      type: 'string',
      valueName: 'SHA',
      description:
        'wait until the app is synced at this commit (a prefix will do), e.g. the one CI pushed',
    },
    ...WAIT_OPTIONS,
  },
  details: [
    "Ends 0 when the app is Synced and Healthy (at the operation's or --revision's commit),",
    'and with --rollout when every rollout of the app is Succeeded or Initialized in a tick',
    'after that sync. Ends 6 at once when the operation fails, the app is Invalid or Degraded',
    '(once at the awaited commit), its last sync run failed, or a rollout Failed or is invalid;',
    'ends 5 at --timeout, naming the last state seen. Progress goes to stderr.',
  ].join('\n'),
  async run(ctx, { args, options }) {
    const operation = options.operation as string | undefined;
    if (operation !== undefined && !/^[1-9]\d*$/.test(operation)) {
      throw new CliError(
        ExitCode.Usage,
        `--operation '${operation}' is no operation id`,
      );
    }
    const target = await targetOf(ctx, args[0], options);
    return waitAndReport(ctx, target, {
      ...waitOptions(ctx, options),
      operationId: operation === undefined ? undefined : Number(operation),
      revision: options.revision as string | undefined,
    });
  },
};
