import path from 'node:path';
import { RenderError } from './RenderError';
import { runTool } from './runTool';
import {
  BWRAP_INSTALL_HINT,
  resolveExecutable,
  SANDBOX_APP_DIR,
  sandboxArguments,
} from './sandbox';

export interface ConfigToolRun {
  /** Binary name on PATH or path, e.g. `kustomize`. */
  binary: string;
  /** The tool's arguments, given the app's folder as the tool sees it. */
  args: (appDir: string) => string[];
  /** The app's materialized tree on the backend. */
  appDir: string;
  /**
   * Run inside bubblewrap (default). `false` runs the tool straight on the
   * backend, with its network and files: for development only.
   */
  sandbox?: boolean;
  /** bubblewrap binary name or path; `bwrap` by default. */
  bwrap?: string;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Hint after "<tool> is not installed on the Slipway backend; ". */
  installHint: string;
  signal?: AbortSignal;
}

/**
 * Runs a config tool on an app's tree, in the sandbox unless told
 * otherwise: the tool then reaches no network and no file but its own
 * binary and the tree, whatever the tree asks for.
 */
export async function runConfigTool(run: ConfigToolRun): Promise<string> {
  const name = path.basename(run.binary);
  const common = {
    name,
    cwd: path.dirname(run.appDir),
    timeoutMs: run.timeoutMs,
    maxOutputBytes: run.maxOutputBytes,
    installHint: run.installHint,
    signal: run.signal,
  };
  if (run.sandbox === false) {
    return runTool({
      ...common,
      binary: run.binary,
      args: run.args(run.appDir),
    });
  }
  const tool = resolveExecutable(run.binary);
  if (!tool) {
    throw new RenderError(
      `${name} is not installed on the Slipway backend; ${run.installHint}`,
    );
  }
  const bwrap = resolveExecutable(run.bwrap ?? 'bwrap');
  if (!bwrap) {
    throw new RenderError(
      `${name} renders run in a sandbox with no network and no file outside the app, but bubblewrap (bwrap) is not installed on the Slipway backend; ${BWRAP_INSTALL_HINT}`,
    );
  }
  const args = await sandboxArguments({
    tool,
    name,
    appDir: run.appDir,
    args: run.args(SANDBOX_APP_DIR),
  });
  try {
    return await runTool({ ...common, binary: bwrap, args });
  } catch (error) {
    // bubblewrap's own failures (e.g. user namespaces turned off) start
    // with "bwrap:"; a tool printing that too only changes the wording.
    const prefix = `${name} failed: bwrap: `;
    if (error instanceof RenderError && error.message.startsWith(prefix)) {
      throw new RenderError(
        `the render sandbox for ${name} could not start: ${error.message.slice(
          prefix.length - 'bwrap: '.length,
        )}; bubblewrap needs root or unprivileged user namespaces on the Slipway backend`,
      );
    }
    throw error;
  }
}
