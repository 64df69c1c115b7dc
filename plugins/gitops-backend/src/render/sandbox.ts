import fs from 'node:fs';
import path from 'node:path';
import { elfInterpreter } from './elfInterpreter';

/** Where the app's materialized tree appears inside the sandbox. */
export const SANDBOX_APP_DIR = '/app';
const SANDBOX_TOOL_DIR = '/tool';

/** How to get bubblewrap, for messages. */
export const BWRAP_INSTALL_HINT =
  'install bubblewrap on the Slipway backend (Debian/Ubuntu: apt-get install bubblewrap; Fedora/RHEL: dnf install bubblewrap; Alpine: apk add bubblewrap), or render the manifests in CI and commit plain YAML';

/**
 * Folders a dynamically linked tool's loader and shared libraries come
 * from; bound read-only, and only for such tools (static tools get none).
 */
const SHARED_LIBRARY_PATHS = [
  '/lib',
  '/lib64',
  '/lib32',
  '/usr/lib',
  '/usr/lib64',
  '/usr/lib32',
  '/etc/ld.so.cache',
];

/** The real path of an executable named by path or found on PATH. */
export function resolveExecutable(binary: string): string | undefined {
  const candidates = binary.includes('/')
    ? [path.resolve(binary)]
    : (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map(dir => path.join(dir, binary));
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      const real = fs.realpathSync(candidate);
      if (fs.statSync(real).isFile()) return real;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/**
 * bubblewrap arguments that run `tool` (a real path on the backend) as
 * `/tool/<name>` with `args`, seeing nothing of the backend but the tool
 * and the app's folder (read-only, at /app): new user, network, PID, IPC,
 * UTS and cgroup namespaces (no network but a loopback of its own),
 * no capabilities, an empty environment but HOME/TMPDIR on a private tmpfs
 * /tmp, a fresh /dev and /proc, killed with its parent.
 */
export async function sandboxArguments(options: {
  tool: string;
  name: string;
  appDir: string;
  args: string[];
}): Promise<string[]> {
  const toolInside = path.posix.join(SANDBOX_TOOL_DIR, options.name);
  const libraries = (await elfInterpreter(options.tool))
    ? SHARED_LIBRARY_PATHS.flatMap(p => ['--ro-bind-try', p, p])
    : [];
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--cap-drop',
    'ALL',
    '--ro-bind',
    options.tool,
    toolInside,
    '--ro-bind',
    options.appDir,
    SANDBOX_APP_DIR,
    ...libraries,
    '--tmpfs',
    '/tmp',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--setenv',
    'HOME',
    '/tmp',
    '--setenv',
    'TMPDIR',
    '/tmp',
    '--setenv',
    'PATH',
    SANDBOX_TOOL_DIR,
    '--chdir',
    SANDBOX_APP_DIR,
    '--',
    toolInside,
    ...options.args,
  ];
}
