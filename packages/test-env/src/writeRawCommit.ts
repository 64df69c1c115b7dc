import { execFile } from 'node:child_process';

/** Plain git on a bare repository: no user or system config, a fixed author. */
export function bareRepoGitEnv(gitdir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_DIR: gitdir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Hostile Author',
    GIT_AUTHOR_EMAIL: 'hostile@example.invalid',
    GIT_COMMITTER_NAME: 'Hostile Author',
    GIT_COMMITTER_EMAIL: 'hostile@example.invalid',
  };
}

/** One entry of a hand-built tree: file content, symlink target, or a sub-tree. */
export type RawEntry =
  | { file: string | Buffer }
  | { symlink: string }
  | { tree: Record<string, RawEntry> };

function gitIn(
  gitdir: string,
  args: string[],
  input?: string | Buffer,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        env: bareRepoGitEnv(gitdir),
        maxBuffer: 64 << 20,
        encoding: 'buffer',
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`git ${args.join(' ')}: ${stderr.toString()}`))
          : resolve(stdout.toString().trim()),
    );
    // Commands that take no input may exit before stdin closes.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
}

async function writeTree(
  gitdir: string,
  entries: Record<string, RawEntry>,
): Promise<string> {
  const lines: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    if ('tree' in entry) {
      lines.push(`040000 tree ${await writeTree(gitdir, entry.tree)}\t${name}`);
    } else {
      const content = 'file' in entry ? entry.file : entry.symlink;
      const oid = await gitIn(
        gitdir,
        ['hash-object', '-w', '--stdin'],
        content,
      );
      lines.push(
        `${'file' in entry ? '100644' : '120000'} blob ${oid}\t${name}`,
      );
    }
  }
  // mktree checks nothing about names, so this can build trees git itself
  // would never check out (`..`, symlinks anywhere): exactly what a hostile
  // repository looks like.
  return gitIn(gitdir, ['mktree', '--missing'], `${lines.join('\n')}\n`);
}

/**
 * Writes a commit with an arbitrary tree straight into a bare repository and
 * points `refs/heads/<branch>` at it; returns the commit SHA.
 */
export async function writeRawCommit(
  bareRepoDir: string,
  branch: string,
  entries: Record<string, RawEntry>,
  message = 'raw commit',
): Promise<string> {
  const tree = await writeTree(bareRepoDir, entries);
  const sha = await gitIn(bareRepoDir, ['commit-tree', tree, '-m', message]);
  await gitIn(bareRepoDir, ['update-ref', `refs/heads/${branch}`, sha]);
  return sha;
}

/** Creates an annotated tag on a commit in a bare repository. */
export async function writeAnnotatedTag(
  bareRepoDir: string,
  tag: string,
  sha: string,
): Promise<void> {
  await gitIn(bareRepoDir, ['tag', '-a', tag, sha, '-m', `release ${tag}`]);
}
