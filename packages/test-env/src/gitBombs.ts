import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { bareRepoGitEnv } from './writeRawCommit';

/** Runs a shell script with GIT_DIR set to a bare repository; returns stdout. */
export function shInGitDir(gitdir: string, script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'sh',
      ['-c', script],
      {
        env: bareRepoGitEnv(gitdir),
        maxBuffer: 16 << 20,
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${script}: ${stderr}`))
          : resolve(stdout.trim()),
    );
  });
}

/**
 * Creates a bare repository whose branch `main` holds `app/zeros.yaml`: a
 * blob of `bytes` zeros, stored loose (about 1 MiB on disk per GiB).
 * Returns the commit SHA. The zeros go through a temporary file, never
 * through this process's memory.
 */
export async function writeZeroBlobRepo(
  gitdir: string,
  bytes: number,
): Promise<string> {
  await fs.mkdir(gitdir, { recursive: true });
  const zeros = path.join(gitdir, 'zeros.tmp');
  return shInGitDir(
    gitdir,
    `set -e
git init --quiet --bare --initial-branch=main "$GIT_DIR"
head -c ${bytes} /dev/zero > "${zeros}"
blob=$(git -c core.bigFileThreshold=4g hash-object -w "${zeros}")
rm "${zeros}"
app=$(printf '100644 blob %s\\tzeros.yaml\\n' "$blob" | git mktree)
root=$(printf '040000 tree %s\\tapp\\n' "$app" | git mktree)
commit=$(git commit-tree "$root" -m zeros)
git update-ref refs/heads/main "$commit"
echo "$commit"`,
  );
}

/**
 * Adds `count` refs to a bare repository's packed-refs, all pointing at
 * `sha`, with names padded to `nameLength` characters.
 */
export async function addManyRefs(
  gitdir: string,
  sha: string,
  count: number,
  nameLength: number,
): Promise<void> {
  const lines = ['# pack-refs with: peeled fully-peeled sorted'];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = `refs/heads/many/${String(i).padStart(7, '0')}`;
    names.push(base.padEnd(nameLength, 'x'));
  }
  for (const name of names.sort()) lines.push(`${sha} ${name}`);
  await fs.writeFile(path.join(gitdir, 'packed-refs'), `${lines.join('\n')}\n`);
}
