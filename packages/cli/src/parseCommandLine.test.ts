import { COMMANDS } from './commands';
import { CliError } from './exitCodes';
import { parseCommandLine } from './parseCommandLine';

const usageError = (argv: string[]) => {
  try {
    parseCommandLine(argv, COMMANDS);
    return { code: 'none', message: `no error for ${argv.join(' ')}` };
  } catch (error) {
    const { exitCode, message } = error as CliError;
    return { code: exitCode, message };
  }
};

describe('parseCommandLine', () => {
  it('takes global options before and after the command', () => {
    const line = parseCommandLine(
      [
        '-o',
        'json',
        'app',
        'sync',
        'payments@prod',
        '--wait',
        '--timeout',
        '10m',
        '--server',
        'http://x',
        '-t',
        'tok',
      ],
      COMMANDS,
    );
    expect(line).toMatchObject({
      kind: 'command',
      command: { group: 'app', name: 'sync' },
      args: ['payments@prod'],
      options: { wait: true, timeout: '10m' },
      server: 'http://x',
      token: 'tok',
      output: 'json',
    });
  });

  it('answers --help for everything, a group or one command', () => {
    expect(parseCommandLine(['--help'], COMMANDS)).toEqual({ kind: 'help' });
    expect(parseCommandLine(['rollout', '-h'], COMMANDS)).toEqual({
      kind: 'help',
      group: 'rollout',
    });
    expect(parseCommandLine(['app', 'wait', '--help'], COMMANDS)).toMatchObject(
      {
        kind: 'help',
        command: { name: 'wait' },
      },
    );
  });

  it('refuses wrong command lines with exit code 2 and what is wrong', () => {
    expect(usageError([])).toEqual({
      code: 2,
      message: 'name a command, e.g. slipway app list (see slipway --help)',
    });
    expect(usageError(['apps', 'list']).message).toBe(
      "unknown command 'apps': use app or rollout (see slipway --help)",
    );
    expect(usageError(['app', 'deploy']).message).toBe(
      "unknown command 'app deploy' (see slipway app --help)",
    );
    expect(usageError(['app', 'get']).message).toBe(
      'missing APP (see slipway app get --help)',
    );
    expect(usageError(['app', 'get', 'a', 'b']).message).toBe(
      'too many arguments: b (see slipway app get --help)',
    );
    expect(usageError(['app', 'get', 'a', '--wait']).message).toBe(
      "Unknown option '--wait' (see slipway app get --help)",
    );
    expect(usageError(['app', 'list', '-o', 'yaml']).message).toBe(
      "--output 'yaml': use text or json",
    );
    expect(usageError(['app', 'wait', 'a', '--timeout']).message).toMatch(
      /^Option '--timeout <value>' argument missing/,
    );
  });
});
