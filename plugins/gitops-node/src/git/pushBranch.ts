import fs from 'node:fs';
import git, { HttpClient } from 'isomorphic-git';
import { GitSourceError, maskUrl, toGitSourceError } from './errors';
import { createOnAuth, GitCredentialsProvider } from './gitCredentials';

/**
 * What `pushBranch` pushes, where to, and with which credentials.
 *
 * @public
 */
export interface PushBranchOptions {
  /** The remote repository. */
  url: string;
  /** Where the credentials for the remote's host come from; anonymous when unset. */
  credentials?: GitCredentialsProvider;
  http: HttpClient;
  /** The git folder holding `ref`; give `dir` instead for a work tree's `.git`. */
  gitdir?: string;
  dir?: string;
  /** The local ref to push. */
  ref: string;
  /** The remote branch it becomes, e.g. `refs/heads/main`. */
  remoteRef: string;
}

/**
 * Pushes one local ref onto a branch of a remote over smart HTTP, with the
 * credentials configured for the remote's host (asked for after a 401).
 * Never forced: a branch that moved meanwhile is rejected. Every failure is
 * a GitSourceError naming the branch and the repository (credentials
 * masked); a rejection is `refused`, since retrying unchanged cannot help.
 *
 * @public
 */
export async function pushBranch(options: PushBranchOptions): Promise<void> {
  const { url, remoteRef } = options;
  try {
    await git.push({
      fs,
      http: options.http,
      dir: options.dir,
      gitdir: options.gitdir,
      url,
      ref: options.ref,
      remoteRef,
      onAuth: createOnAuth(options.credentials, url),
    });
  } catch (error) {
    throw pushError(error, url, remoteRef);
  }
}

// A push the server or the fast-forward check refused is the caller's
// conflict; everything else is a transport or credentials problem.
function pushError(
  error: unknown,
  url: string,
  remoteRef: string,
): GitSourceError {
  const err = error as { code?: string; message?: string };
  if (err.code === 'PushRejectedError') {
    return new GitSourceError(
      'refused',
      `Push to ${remoteRef} of ${maskUrl(
        url,
      )} was rejected: the branch moved since it was fetched (not a fast-forward); try again`,
    );
  }
  if (err.code === 'GitPushError') {
    return new GitSourceError(
      'refused',
      `Push to ${remoteRef} of ${maskUrl(url)} was rejected by the server: ${
        err.message
      }`,
    );
  }
  return toGitSourceError(error, { url, revision: remoteRef });
}
