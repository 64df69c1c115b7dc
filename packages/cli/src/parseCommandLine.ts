import { parseArgs } from 'node:util';
import type { CommandSpec } from './commands/types';
import { CliError, ExitCode } from './exitCodes';
import { GLOBAL_OPTIONS, OptionSpecs, OptionValues } from './args/options';

export type OutputFormat = 'text' | 'json';

/** What the command line asks for: help, or a command with its arguments. */
export type CommandLine =
  | { kind: 'help'; group?: string; command?: CommandSpec }
  | {
      kind: 'command';
      command: CommandSpec;
      args: string[];
      options: OptionValues;
      server?: string;
      token?: string;
      output: OutputFormat;
    };

/** parseArgs wants the options without their help texts. */
const forParseArgs = (specs: OptionSpecs) =>
  Object.fromEntries(
    Object.entries(specs).map(
      ([name, { description: _d, valueName: _v, ...spec }]) => [name, spec],
    ),
  );

/** Node's message up to its first sentence: the rest explains `--` for positionals. */
const firstSentence = (message: string) => message.replace(/\. .*$/s, '');

/**
 * Reads `slipway [options] <group> <command> [arguments] [options]`: options
 * may come anywhere. A first, lenient pass finds the command; the second
 * reads the line strictly against the global options and that command's.
 */
export function parseCommandLine(
  argv: string[],
  commands: CommandSpec[],
): CommandLine {
  const every: OptionSpecs = { ...GLOBAL_OPTIONS };
  for (const c of commands) Object.assign(every, c.options);
  const loose = parseArgs({
    args: argv,
    options: forParseArgs(every),
    strict: false,
    allowPositionals: true,
  });
  const [group, name] = loose.positionals;
  const help = loose.values.help === true;
  if (!group) {
    if (help) return { kind: 'help' };
    throw new CliError(
      ExitCode.Usage,
      'name a command, e.g. slipway app list (see slipway --help)',
    );
  }
  if (!commands.some(c => c.group === group)) {
    throw new CliError(
      ExitCode.Usage,
      `unknown command '${group}': use app or rollout (see slipway --help)`,
    );
  }
  const command = commands.find(c => c.group === group && c.name === name);
  if (!command) {
    if (help && !name) return { kind: 'help', group };
    throw new CliError(
      ExitCode.Usage,
      name
        ? `unknown command '${group} ${name}' (see slipway ${group} --help)`
        : `name a ${group} command (see slipway ${group} --help)`,
    );
  }
  if (help) return { kind: 'help', command };

  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: forParseArgs({ ...GLOBAL_OPTIONS, ...command.options }),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new CliError(
      ExitCode.Usage,
      `${firstSentence(
        (error as Error).message,
      )} (see slipway ${group} ${name} --help)`,
    );
  }
  const args = parsed.positionals.slice(2);
  const required = command.args.filter(a => !a.startsWith('['));
  if (args.length < required.length || args.length > command.args.length) {
    const missing = required.slice(args.length);
    throw new CliError(
      ExitCode.Usage,
      missing.length
        ? `missing ${missing.join(' ')} (see slipway ${group} ${name} --help)`
        : `too many arguments: ${args
            .slice(command.args.length)
            .join(' ')} (see slipway ${group} ${name} --help)`,
    );
  }
  const {
    server,
    token,
    output = 'text',
    help: _help,
    ...options
  } = parsed.values as OptionValues;
  if (output !== 'text' && output !== 'json') {
    throw new CliError(
      ExitCode.Usage,
      `--output '${output}': use text or json`,
    );
  }
  return {
    kind: 'command',
    command,
    args,
    options,
    server: server as string | undefined,
    token: token as string | undefined,
    output,
  };
}
