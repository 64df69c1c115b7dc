import { spawn } from 'node:child_process';
import { RenderError } from './RenderError';

export interface RunToolOptions {
  /** Binary name or path, e.g. `kustomize`. */
  binary: string;
  /** Tool name in messages; the binary's file name by default. */
  name?: string;
  args: string[];
  cwd: string;
  /** Kill after this long; default 90 s (Argo CD's exec timeout). */
  timeoutMs?: number;
  /** Kill when stdout grows past this; default 10 MiB. */
  maxOutputBytes?: number;
  /** Hint after "<tool> is not installed on the Slipway backend; ". */
  installHint: string;
  signal?: AbortSignal;
}

export const DEFAULT_TOOL_TIMEOUT_MS = 90_000;
export const DEFAULT_TOOL_MAX_OUTPUT_BYTES = 10 * 1024 * 1024;
const KILL_GRACE_MS = 2_000;
const MAX_STDERR_BYTES = 8 * 1024;

/**
 * Runs a config tool and returns its stdout. The tool gets a minimal
 * environment (PATH and a HOME inside its work dir), so no backend secret
 * in the environment reaches it. Timeouts, aborts and oversized output
 * stop it with SIGTERM, then SIGKILL.
 */
export function runTool(options: RunToolOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const maxBytes = options.maxOutputBytes ?? DEFAULT_TOOL_MAX_OUTPUT_BYTES;
  const name = options.name ?? options.binary.split('/').pop();
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary, options.args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let stopReason: string | undefined;

    const stop = (reason: string) => {
      if (stopReason) return;
      stopReason = reason;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(
      () => stop(`did not finish within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    const onAbort = () => stop('was cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.byteLength;
      if (stdoutBytes > maxBytes) {
        stop(`output exceeded the ${maxBytes}-byte cap`);
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.toString('utf8');
    });

    const finish = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish();
      if (error.code === 'ENOENT') {
        reject(
          new RenderError(
            `${name} is not installed on the Slipway backend; ${options.installHint}`,
          ),
        );
      } else {
        reject(new RenderError(`${name} could not start: ${error.message}`));
      }
    });
    child.on('close', code => {
      finish();
      if (stopReason) {
        reject(new RenderError(`${name} ${stopReason} and was stopped`));
      } else if (code !== 0) {
        const detail =
          stderr.trim().slice(0, MAX_STDERR_BYTES) || `exit code ${code}`;
        reject(new RenderError(`${name} failed: ${detail}`));
      } else {
        resolve(Buffer.concat(stdout).toString('utf8'));
      }
    });
  });
}
