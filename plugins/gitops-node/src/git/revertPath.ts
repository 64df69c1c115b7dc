import fs from 'node:fs';
import git, { TreeEntry } from 'isomorphic-git';
import { appPathSegments } from './appPath';

type Entry = Pick<TreeEntry, 'mode' | 'path' | 'oid' | 'type'>;

/** The tree entry at `segments` under a commit's root tree, if any. */
async function entryAt(gitdir: string, commitSha: string, segments: string[]) {
  const { commit } = await git.readCommit({ fs, gitdir, oid: commitSha });
  let entry: Entry | undefined = { mode: '040000', path: '', oid: commit.tree, type: 'tree' };
  for (const segment of segments) {
    if (entry?.type !== 'tree') return undefined;
    const { tree }: { tree: Entry[] } = await git.readTree({ fs, gitdir, oid: entry.oid });
    entry = tree.find(e => e.path === segment);
  }
  return entry;
}

/**
 * Writes a copy of the tree `treeOid` whose entry at `segments` is
 * `replacement` (removed when undefined). Returns the new tree's oid, or
 * undefined when the result is an empty subfolder (git stores none).
 */
async function replaceAt(
  gitdir: string,
  treeOid: string | undefined,
  segments: string[],
  replacement: Entry | undefined,
  isRoot: boolean,
): Promise<string | undefined> {
  const [name, ...rest] = segments;
  const { tree }: { tree: Entry[] } = treeOid
    ? await git.readTree({ fs, gitdir, oid: treeOid })
    : { tree: [] };
  const current = tree.find(e => e.path === name);
  const child = rest.length
    ? await replaceAt(gitdir, current?.type === 'tree' ? current.oid : undefined, rest, replacement, false)
    : replacement?.oid;
  const entries = tree.filter(e => e.path !== name);
  if (child) {
    const mode = rest.length ? '040000' : replacement!.mode;
    const type = rest.length ? 'tree' : replacement!.type;
    entries.push({ mode, path: name, oid: child, type });
  }
  if (!entries.length && !isRoot) return undefined;
  return git.writeTree({ fs, gitdir, tree: entries });
}

/**
 * The root tree of `tipSha` with the folder `appPath` as it was at
 * `targetSha`, and everything outside it as at the tip. Both commits must be
 * in `gitdir`; only new tree objects are written (the blobs exist already).
 */
export async function revertedTree(options: {
  gitdir: string;
  tipSha: string;
  targetSha: string;
  appPath: string;
}): Promise<{ tree: string; unchanged: boolean }> {
  const { gitdir, tipSha, targetSha } = options;
  const segments = appPathSegments(options.appPath, 'the revert');
  const { commit: tip } = await git.readCommit({ fs, gitdir, oid: tipSha });
  const old = await entryAt(gitdir, targetSha, segments);
  const tree = segments.length
    ? (await replaceAt(gitdir, tip.tree, segments, old, true))!
    : old!.oid;
  return { tree, unchanged: tree === tip.tree };
}
