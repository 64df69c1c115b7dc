import {
  AuthenticationError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import fs from 'node:fs';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import type { GitCredentialsReader } from './gitAuth';

/** A remote repository and where its credentials come from. */
export interface GitRemote {
  url: string;
  credentials: GitCredentialsReader;
}

/** A commit author. */
export interface GitAuthor {
  name: string;
  email: string;
}

/** Options every network call of isomorphic-git needs. */
export function remoteOptions(remote: GitRemote) {
  return {
    fs,
    http,
    url: remote.url,
    // Called after a 401; without credentials cancel, which
    // toGitError turns into "no credentials configured".
    onAuth: async () =>
      (await remote.credentials(remote.url)) ?? { cancel: true },
  };
}

/** Turns isomorphic-git's errors into Backstage errors with a clear message. */
export function toGitError(error: unknown, url: string): Error {
  const err = error as {
    code?: string;
    message?: string;
    data?: { statusCode?: number; statusMessage?: string };
  };
  const status = err?.data?.statusCode;
  if (err?.code === 'HttpError' && (status === 401 || status === 403)) {
    return new AuthenticationError(
      `Authentication failed for git repository ${url} (HTTP ${status}): check the credentials configured for this host in integrations or slipway.gitCredentials`,
    );
  }
  if (err?.code === 'UserCanceledError') {
    return new AuthenticationError(
      `Git repository ${url} requires authentication and no credentials are configured for its host`,
    );
  }
  if (err?.code === 'HttpError' && status === 404) {
    return new NotFoundError(`Git repository ${url} was not found (HTTP 404)`);
  }
  if (err?.code === 'PushRejectedError') {
    return new InputError(
      `Git repository ${url} rejected the push (${err.message}); someone pushed meanwhile, retry the step`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The remote's branches (name → SHA) and its default branch. */
export async function listBranches(
  remote: GitRemote,
): Promise<{ branches: Map<string, string>; defaultBranch?: string }> {
  try {
    const refs = await git.listServerRefs({
      ...remoteOptions(remote),
      protocolVersion: 2,
      symrefs: true,
    });
    const branches = new Map<string, string>();
    let defaultBranch: string | undefined;
    for (const ref of refs) {
      if (ref.ref.startsWith('refs/heads/')) {
        branches.set(ref.ref.slice('refs/heads/'.length), ref.oid);
      } else if (ref.ref === 'HEAD' && ref.target?.startsWith('refs/heads/')) {
        defaultBranch = ref.target.slice('refs/heads/'.length);
      }
    }
    return { branches, defaultBranch };
  } catch (error) {
    throw toGitError(error, remote.url);
  }
}

/**
 * Stages everything that changed under `dir` and commits it; returns
 * undefined when nothing changed, so a retry makes no empty commit.
 */
export async function commitChanges(options: {
  dir: string;
  /** A git folder outside `dir`, so a workspace gets no `.git`. */
  gitdir?: string;
  message: string;
  author: GitAuthor;
  hasHead: boolean;
}): Promise<string | undefined> {
  const { dir, gitdir } = options;
  const matrix = await git.statusMatrix({ fs, dir, gitdir });
  // Row: [path, HEAD, workdir, stage]; unchanged files are [p, 1, 1, 1].
  const changed = matrix.filter(
    ([, head, work, stage]) => !(head === 1 && work === 1 && stage === 1),
  );
  if (changed.length === 0 && options.hasHead) return undefined;
  for (const [filepath, , work] of changed) {
    if (work === 0) await git.remove({ fs, dir, gitdir, filepath });
    else await git.add({ fs, dir, gitdir, filepath });
  }
  return git.commit({
    fs,
    dir,
    gitdir,
    message: options.message,
    author: options.author,
  });
}
