import {
  AuthenticationError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import {
  createOnAuth,
  GitCredentialsProvider,
  GitSourceError,
  pushBranch,
  toGitSourceError,
} from '@slipway/plugin-gitops-node';
import fs from 'node:fs';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';

/** A remote repository and where its credentials come from. */
export interface GitRemote {
  url: string;
  credentials: GitCredentialsProvider;
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
    // Called after a 401; without credentials it cancels, which
    // toGitError turns into "no credentials configured".
    onAuth: createOnAuth(remote.credentials, remote.url),
  };
}

/** Pushes the work tree's branch to the remote branch of the same name. */
export function pushToRemote(
  remote: GitRemote,
  options: { dir: string; gitdir?: string; branch: string },
): Promise<void> {
  return pushBranch({
    url: remote.url,
    credentials: remote.credentials,
    http,
    dir: options.dir,
    gitdir: options.gitdir,
    ref: options.branch,
    remoteRef: `refs/heads/${options.branch}`,
  });
}

/** isomorphic-git's errors for a git server that refused or could not be asked. */
const TRANSPORT_ERRORS = new Set(['HttpError', 'UserCanceledError']);

/**
 * Turns git failures into the Backstage errors a task shows: wrong or
 * missing credentials, a missing repository, a refused push. Other errors
 * (the action's own InputErrors among them) pass through unchanged.
 */
export function toGitError(error: unknown, url: string): Error {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  let failure: GitSourceError;
  if (error instanceof GitSourceError) failure = error;
  else if (TRANSPORT_ERRORS.has(code))
    failure = toGitSourceError(error, { url });
  else return error instanceof Error ? error : new Error(String(error));
  if (failure.reason === 'auth')
    return new AuthenticationError(failure.message);
  if (failure.httpStatus === 404) return new NotFoundError(failure.message);
  if (failure.reason === 'refused') return new InputError(failure.message);
  return failure;
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
