import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// Reads the test git server's bare repositories straight from its folder
// with the git CLI, so assertions see what was pushed, not a client's view.

function gitDir(repoName: string): string {
  const root = process.env.SLIPWAY_TEST_GIT_ROOT;
  if (!root)
    throw new Error(
      'SLIPWAY_TEST_GIT_ROOT is unset: the jest global setup must start "git"',
    );
  return path.join(
    root,
    repoName.endsWith('.git') ? repoName : `${repoName}.git`,
  );
}

async function runGit(repoName: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', [
    '--git-dir',
    gitDir(repoName),
    ...args,
  ]);
  return stdout;
}

/** A file at a revision, e.g. `main:catalog-info.yaml`. */
export const gitShow = (repoName: string, spec: string) =>
  runGit(repoName, ['show', spec]);

/** The commits of a branch, newest first. */
export async function gitCommits(repoName: string, branch: string) {
  const out = await runGit(repoName, ['log', '--format=%H %s', branch]);
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => ({ sha: line.slice(0, 40), subject: line.slice(41) }));
}
