import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../main';

/** One run of the CLI: its exit code and what it wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as JSON (`--output json`). */
  json<T = any>(): T;
}

export interface CliTarget {
  url: string;
  token?: string;
  /** Another copy of the executable, e.g. an installed package's. */
  bin?: string;
}

/** This package's executable: the TypeScript sources through Backstage's Node transform. */
export const packageBin = path.resolve(__dirname, '../../bin/slipway');

const result = (code: number, stdout: string, stderr: string): CliRun => ({
  code,
  stdout,
  stderr,
  json: () => {
    try {
      return JSON.parse(stdout);
    } catch {
      throw new Error(`not JSON (exit ${code}): ${stdout}\nstderr: ${stderr}`);
    }
  },
});

/**
 * Runs the real `slipway` executable (bin/slipway) as a pipeline would, with
 * the server and token in SLIPWAY_URL and SLIPWAY_TOKEN. Killed after
 * `deadlineMs`, which a test sets above the command's own --timeout.
 */
export function spawnSlipway(
  args: string[],
  target: CliTarget,
  deadlineMs = 240_000,
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, SLIPWAY_URL: target.url };
  delete env.SLIPWAY_TOKEN;
  delete env.SLIPWAY_CLI_DIST;
  if (target.token !== undefined) env.SLIPWAY_TOKEN = target.token;
  return new Promise((resolve, reject) => {
    // Executed as a pipeline's shell would: by its shebang line.
    const child = spawn(target.bin ?? packageBin, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) {
        reject(
          new Error(
            `slipway ${args.join(
              ' ',
            )} killed (${signal}) after ${deadlineMs} ms\nstderr: ${stderr}`,
          ),
        );
      } else {
        resolve(result(code ?? -1, stdout, stderr));
      }
    });
  });
}

/** The same command line through runCli in this process: quicker, for polls. */
export async function runSlipway(
  args: string[],
  target: CliTarget,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: text => {
      stdout += text;
    },
    stderr: text => {
      stderr += text;
    },
    env: { SLIPWAY_URL: target.url, SLIPWAY_TOKEN: target.token },
  });
  return result(code, stdout, stderr);
}
