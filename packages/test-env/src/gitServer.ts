import { ChildProcess } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import http, { IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GitRepos, gitRepos } from './gitRepos';
import { GIT_HTTP_BACKEND, serveWithGitHttpBackend } from './gitHttpBackend';

export interface GitServerOptions {
  /** Folder holding the bare repositories; a temporary one (removed on close) by default. */
  root?: string;
  /** When set, every request needs these basic-auth credentials. */
  auth?: { username: string; password: string };
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

export type { CommitOptions, GitRepos, RepoFiles } from './gitRepos';

export interface GitServer extends GitRepos {
  /** Base URL, e.g. `http://127.0.0.1:34567`; repositories are `<url>/<name>.git`. */
  url: string;
  root: string;
  close(): Promise<void>;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Returns the authenticated user name, or undefined when credentials are wrong or missing. */
function checkBasicAuth(
  req: IncomingMessage,
  auth: { username: string; password: string },
): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const ok =
    safeEqual(user, auth.username) && safeEqual(password, auth.password);
  return ok ? user : undefined;
}

/**
 * Starts a smart-HTTP git server on 127.0.0.1 backed by Debian's
 * `git http-backend`, serving the bare repositories under `root`
 * with push enabled and optional basic auth.
 */
export async function startGitServer(
  options: GitServerOptions = {},
): Promise<GitServer> {
  if (!existsSync(GIT_HTTP_BACKEND)) {
    throw new Error(
      `git server: ${GIT_HTTP_BACKEND} is missing; install Debian's git package`,
    );
  }
  const ownsRoot = !options.root;
  const root = options.root
    ? path.resolve(options.root)
    : await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-git-'));
  await fs.mkdir(root, { recursive: true });
  // Git processes get a private HOME so no user config leaks in.
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-git-home-'));
  const children = new Set<ChildProcess>();

  const server = http.createServer((req, res) => {
    let remoteUser: string | undefined;
    if (options.auth) {
      remoteUser = checkBasicAuth(req, options.auth);
      if (!remoteUser) {
        res.writeHead(401, {
          'WWW-Authenticate': 'Basic realm="slipway-test-git"',
          'Content-Type': 'text/plain',
        });
        res.end('Authentication required\n');
        req.resume();
        return;
      }
    }
    serveWithGitHttpBackend(req, res, {
      projectRoot: root,
      home,
      remoteUser,
      track(child) {
        children.add(child);
        child.on('close', () => children.delete(child));
      },
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const repos = gitRepos(root, url, home);

  return {
    url,
    root,
    ...repos,
    async close() {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      await fs.rm(home, { recursive: true, force: true });
      if (ownsRoot) await fs.rm(root, { recursive: true, force: true });
    },
  };
}
