import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { git } from './gitCli';

/** File contents by repository path; `null` deletes the file. */
export type RepoFiles = Record<string, string | null>;

export interface CommitOptions {
  /** Branch to commit on (created when missing); default `main`. */
  branch?: string;
  /** Lightweight tags to create on the new commit. */
  tags?: string[];
}

export interface GitRepos {
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
}

export const repoDirName = (name: string) =>
  name.endsWith('.git') ? name : `${name}.git`;

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
 * Seeds and changes the bare repositories under `root`, which a git server
 * serves at `url`, with the git CLI. Works from any process that sees the
 * folder, such as a Jest worker next to the global setup's server.
 */
export function gitRepos(root: string, url: string, home: string): GitRepos {
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

  return { createBareRepo, commit, repoUrl };
}
