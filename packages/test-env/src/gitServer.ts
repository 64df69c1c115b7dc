import { ChildProcess } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import http, { IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { git } from './gitCli';
import { GIT_HTTP_BACKEND, serveWithGitHttpBackend } from './gitHttpBackend';

export interface GitServerOptions {
  /** Folder holding the bare repositories; a temporary one (removed on close) by default. */
  root?: string;
  /** When set, every request needs these basic-auth credentials. */
  auth?: { username: string; password: string };
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

/** File contents by repository path; `null` deletes the file. */
export type RepoFiles = Record<string, string | null>;

export interface CommitOptions {
  /** Branch to commit on (created when missing); default `main`. */
  branch?: string;
  /** Lightweight tags to create on the new commit. */
  tags?: string[];
}

export interface GitServer {
  /** Base URL, e.g. `http://127.0.0.1:34567`; repositories are `<url>/<name>.git`. */
  url: string;
  root: string;
  /** Creates `<name>.git` (optionally with a first commit on `main`); returns its URL. */
  createBareRepo(name: string, files?: RepoFiles): Promise<string>;
  /** Commits files to a repository (through a temporary work tree); returns the SHA. */
  commit(
    repoName: string,
    files: RepoFiles,
    message: string,
    options?: CommitOptions,
  ): Promise<string>;
  repoUrl(name: string): string;
  close(): Promise<void>;
}

const repoDirName = (name: string) =>
  name.endsWith('.git') ? name : `${name}.git`;

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

/** Writes files (or deletes those mapped to null) under a work tree, refusing paths outside it. */
async function writeFiles(workTree: string, files: RepoFiles): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const target = path.resolve(workTree, relative);
    if (!target.startsWith(`${workTree}${path.sep}`)) {
      throw new Error(`Refusing to write outside the repository: ${relative}`);
    }
    if (content === null) {
      await fs.rm(target, { force: true });
    } else {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
    }
  }
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
  const repoUrl = (name: string) => `${url}/${repoDirName(name)}`;

  // Commits to one repository run one at a time so pushes never race.
  const queues = new Map<string, Promise<unknown>>();
  const serialize = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    queues.set(key, next);
    return next;
  };

  const commit = (
    repoName: string,
    files: RepoFiles,
    message: string,
    commitOptions: CommitOptions = {},
  ): Promise<string> =>
    serialize(repoDirName(repoName), async () => {
      const bare = path.join(root, repoDirName(repoName));
      const branch = commitOptions.branch ?? 'main';
      const work = await fs.mkdtemp(
        path.join(os.tmpdir(), 'slipway-git-work-'),
      );
      const run = (...args: string[]) => git(args, { cwd: work, home });
      try {
        await run('clone', '--quiet', bare, '.');
        const remoteBranches = await run(
          'branch',
          '-r',
          '--format=%(refname:short)',
        );
        if (remoteBranches.split('\n').includes(`origin/${branch}`)) {
          await run('checkout', '--quiet', '-B', branch, `origin/${branch}`);
        } else if (remoteBranches) {
          // A new branch starts from the repository's default branch.
          await run('checkout', '--quiet', '-b', branch, 'origin/HEAD');
        } else {
          await run('checkout', '--quiet', '--orphan', branch);
        }
        await writeFiles(work, files);
        await run('add', '--all');
        await run('commit', '--quiet', '--allow-empty', '-m', message);
        const sha = await run('rev-parse', 'HEAD');
        for (const tag of commitOptions.tags ?? []) {
          await run('tag', tag, sha);
        }
        await run(
          'push',
          '--quiet',
          '--tags',
          'origin',
          `HEAD:refs/heads/${branch}`,
        );
        return sha;
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    });

  const createBareRepo = async (name: string, files?: RepoFiles) => {
    const bare = path.join(root, repoDirName(name));
    await fs.mkdir(bare, { recursive: true });
    await git(['init', '--quiet', '--bare', '--initial-branch=main'], {
      cwd: bare,
      home,
    });
    if (files) await commit(name, files, 'Initial commit');
    return repoUrl(name);
  };

  return {
    url,
    root,
    repoUrl,
    createBareRepo,
    commit,
    async close() {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      await fs.rm(home, { recursive: true, force: true });
      if (ownsRoot) await fs.rm(root, { recursive: true, force: true });
    },
  };
}
