import { parseCommandLine } from './parseCommandLine';
import { SlipwayClient } from './api/SlipwayClient';
import { COMMANDS } from './commands';
import { CliError, CommandResult, ExitCode, ExitCodeValue } from './exitCodes';
import { commandHelp, mainHelp } from './help';

/** Where the CLI reads its environment and writes its output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

/**
 * Runs one `slipway` command line and returns its exit code. The result
 * goes to stdout (JSON with `--output json`), progress and errors to stderr,
 * each error as `slipway: <message>`, the API's own message where it gave one.
 */
export async function runCli(
  argv: string[],
  io: CliIo,
): Promise<ExitCodeValue> {
  let json = false;
  const print = (result: CommandResult) => {
    if (json) io.stdout(`${JSON.stringify(result.json, null, 2)}\n`);
    else if (result.text) io.stdout(`${result.text}\n`);
  };
  try {
    const line = parseCommandLine(argv, COMMANDS);
    if (line.kind === 'help') {
      io.stdout(
        line.command
          ? commandHelp(line.command)
          : mainHelp(COMMANDS, line.group),
      );
      return ExitCode.Ok;
    }
    json = line.output === 'json';
    const server = line.server || io.env.SLIPWAY_URL;
    if (!server) {
      throw new CliError(
        ExitCode.Usage,
        "no server: pass --server or set SLIPWAY_URL to the Backstage backend's base URL",
      );
    }
    const client = new SlipwayClient({
      server,
      token: line.token || io.env.SLIPWAY_TOKEN || undefined,
      fetch: io.fetch,
    });
    const progress = (text: string) => io.stderr(`${text}\n`);
    print(await line.command.run({ client, progress }, line));
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CliError) {
      if (error.result) print(error.result);
      io.stderr(`slipway: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(
      `slipway: unexpected error: ${(error as Error)?.stack ?? error}\n`,
    );
    return ExitCode.Error;
  }
}
