import { CLUSTER_OPTION } from '../args/options';
import { CliError, ExitCode } from '../exitCodes';
import { historyTable } from '../output/describe';
import { targetOf } from './shared';
import type { CommandSpec } from './types';

const count = (name: string, text: string | undefined, min: number) => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new CliError(
      ExitCode.Usage,
      `--${name} '${text}' must be a whole number of at least ${min}`,
    );
  }
  return Number(text);
};

export const appHistory: CommandSpec = {
  group: 'app',
  name: 'history',
  summary: "list an app's sync runs, newest first (ids for rollback)",
  args: ['APP'],
  options: {
    ...CLUSTER_OPTION,
    limit: {
      type: 'string',
      valueName: 'N',
      description: 'runs to show, 1 to 100 (default 20)',
    },
    offset: {
      type: 'string',
      valueName: 'N',
      description: 'newest runs to skip (default 0)',
    },
  },
  async run(ctx, { args, options }) {
    const target = await targetOf(ctx, args[0], options);
    const page = await ctx.client.call('listHistory', {
      path: target.entity,
      query: {
        cluster: target.cluster,
        limit: count('limit', options.limit as string | undefined, 1),
        offset: count('offset', options.offset as string | undefined, 0),
      },
    });
    const more =
      page.totalCount > page.items.length
        ? `\n(${page.items.length} of ${page.totalCount} runs; see --limit and --offset)`
        : '';
    return { json: page, text: `${historyTable(page.items)}${more}` };
  },
};
