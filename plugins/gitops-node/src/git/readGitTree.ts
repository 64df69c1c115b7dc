import type { SourceTree } from '../types';
import fs from 'node:fs';
import { posix } from 'node:path';
import git from 'isomorphic-git';
import { appPathSegments } from './appPath';
import { GitSourceError } from './errors';
import { GitReadCache } from './GitReadCache';

/**
 * Caps on what one app path may contain.
 *
 * @public
 */
export interface TreeLimits {
  /** Largest single file, default 5 MiB. */
  maxFileBytes: number;
  /** All files together, default 20 MiB (Argo CD caps a directory app at 10 MB of manifests). */
  maxTotalBytes: number;
  /** Files plus folders, default 5,000. */
  maxEntries: number;
}

/**
 * The tree limits used where none are given.
 *
 * @public
 */
export const DEFAULT_TREE_LIMITS: TreeLimits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxTotalBytes: 20 * 1024 * 1024,
  maxEntries: 5000,
};

/** How many symlink hops may be followed before giving up (loops). */
const MAX_SYMLINK_HOPS = 8;

const MODE_TREE = '040000';
const MODE_SYMLINK = '120000';
const MODE_SUBMODULE = '160000';

/**
 * What `readGitTree` reads: a commit of a local git folder, and the path under
 * it.
 *
 * @public
 */
export interface ReadGitTreeOptions {
  gitdir: string;
  commitSha: string;
  path?: string;
  limits?: Partial<TreeLimits>;
  /** Masked repository URL, for messages. */
  repo: string;
}

/** An in-memory SourceTree over files already read and checked. */
class MemorySourceTree implements SourceTree {
  constructor(
    private readonly files: Map<string, Buffer>,
    private readonly where: string,
  ) {}

  async list(): Promise<string[]> {
    return [...this.files.keys()].sort();
  }

  async read(path: string): Promise<Buffer> {
    const content = this.files.get(path);
    if (!content) {
      throw new GitSourceError(
        'path-not-found',
        `File '${path}' is not in ${this.where}`,
      );
    }
    return content;
  }
}

/**
 * Reads the files under `path` at `commitSha` straight from the object
 * database (no checkout, so nothing in the repository can write to disk).
 *
 * Symlinks: a link to a file inside the app path is followed (its target's
 * content is served under the link's name); absolute links, links leaving
 * the app path, links to folders and dangling links are refused. Submodules
 * are skipped (their content is not in this repository).
 *
 * @public
 */
export async function readGitTree(
  options: ReadGitTreeOptions,
): Promise<SourceTree> {
  return readGitTreeWith(options, new GitReadCache(options.gitdir));
}

/** `readGitTree` with what reads of the repository share (see GitReadCache). */
export async function readGitTreeWith(
  options: ReadGitTreeOptions,
  shared: GitReadCache,
): Promise<SourceTree> {
  const limits = { ...DEFAULT_TREE_LIMITS, ...options.limits };
  const where = `${options.repo} at ${options.commitSha}${
    options.path ? ` path '${options.path}'` : ''
  }`;
  const segments = appPathSegments(
    options.path,
    `${options.repo} at ${options.commitSha}`,
  );
  const cache = shared.git;
  const { gitdir } = options;
  const { sizes } = shared;
  // Every object's declared size is checked before isomorphic-git inflates
  // it whole: a 1 GiB blob of zeros is 1 MiB on disk.
  const checkDeclared = async (oid: string, what: string) => {
    const size = await sizes.of(oid);
    if (size !== undefined && size > limits.maxFileBytes) {
      throw new GitSourceError(
        'too-large',
        `${what} in ${where} is ${size} bytes, over the ${limits.maxFileBytes}-byte cap per file`,
      );
    }
    return size;
  };

  await checkDeclared(options.commitSha, `Commit ${options.commitSha}`);
  const { commit } = await git.readCommit({
    fs,
    gitdir,
    oid: options.commitSha,
    cache,
  });
  let treeOid = commit.tree;
  for (const [index, segment] of segments.entries()) {
    await checkDeclared(
      treeOid,
      `Folder '${segments.slice(0, index).join('/') || '/'}'`,
    );
    const entry = (await shared.folder(treeOid)).find(e => e.path === segment);
    const soFar = segments.slice(0, index + 1).join('/');
    if (!entry) {
      throw new GitSourceError(
        'path-not-found',
        `Path '${soFar}' not found in ${options.repo} at ${options.commitSha}`,
      );
    }
    if (entry.mode === MODE_SYMLINK) {
      throw new GitSourceError(
        'refused',
        `Path '${soFar}' in ${options.repo} at ${options.commitSha} is a symlink; an app path must be a real folder`,
      );
    }
    if (entry.type !== 'tree') {
      throw new GitSourceError(
        'path-not-found',
        `Path '${soFar}' in ${options.repo} at ${options.commitSha} is a file, not a folder`,
      );
    }
    treeOid = entry.oid;
  }

  const files = new Map<string, Buffer>();
  const symlinks = new Map<string, string>();
  const folders = new Set<string>(['']);
  let entries = 0;
  let totalBytes = 0;

  const addBytes = (file: string, size: number) => {
    if (size > limits.maxFileBytes) {
      throw new GitSourceError(
        'too-large',
        `File '${file}' in ${where} is ${size} bytes, over the ${limits.maxFileBytes}-byte cap per file`,
      );
    }
    totalBytes += size;
    if (totalBytes > limits.maxTotalBytes) {
      throw new GitSourceError(
        'too-large',
        `Files in ${where} exceed the ${limits.maxTotalBytes}-byte cap in total`,
      );
    }
  };

  const walk = async (oid: string, prefix: string): Promise<void> => {
    await checkDeclared(oid, `Folder '${prefix || '.'}'`);
    const { tree } = await git.readTree({ fs, gitdir, oid, cache });
    for (const entry of tree) {
      entries += 1;
      if (entries > limits.maxEntries) {
        throw new GitSourceError(
          'too-large',
          `${where} has more than ${limits.maxEntries} files and folders`,
        );
      }
      const rel = prefix ? `${prefix}/${entry.path}` : entry.path;
      if (entry.mode === MODE_TREE) {
        folders.add(rel);
        await walk(entry.oid, rel);
      } else if (entry.mode === MODE_SUBMODULE) {
        continue;
      } else if (entry.mode === MODE_SYMLINK) {
        await checkDeclared(entry.oid, `Symlink '${rel}'`);
        const { blob } = await git.readBlob({
          fs,
          gitdir,
          oid: entry.oid,
          cache,
        });
        symlinks.set(rel, Buffer.from(blob).toString('utf8'));
      } else {
        const declared = await checkDeclared(entry.oid, `File '${rel}'`);
        if (declared !== undefined) addBytes(rel, declared);
        const { blob } = await git.readBlob({
          fs,
          gitdir,
          oid: entry.oid,
          cache,
        });
        if (declared === undefined) addBytes(rel, blob.byteLength);
        files.set(rel, Buffer.from(blob));
      }
    }
  };
  await walk(treeOid, '');

  for (const [link, firstTarget] of symlinks) {
    let from = link;
    let target = firstTarget;
    for (let hop = 0; ; hop++) {
      const refuse = (why: string) =>
        new GitSourceError(
          'refused',
          `Symlink '${link}' -> '${firstTarget}' in ${where} is refused: ${why}`,
        );
      if (hop >= MAX_SYMLINK_HOPS) throw refuse('too many levels of symlinks');
      if (target.startsWith('/'))
        throw refuse('absolute symlinks are not allowed');
      const resolved = posix.normalize(posix.join(posix.dirname(from), target));
      if (
        resolved === '..' ||
        resolved.startsWith('../') ||
        posix.isAbsolute(resolved)
      ) {
        throw refuse('its target leaves the app path');
      }
      if (folders.has(resolved) || resolved === '.') {
        throw refuse('symlinks to folders are not followed');
      }
      const content = files.get(resolved);
      if (content) {
        addBytes(link, content.byteLength);
        files.set(link, content);
        break;
      }
      const next = symlinks.get(resolved);
      if (next === undefined)
        throw refuse('its target does not exist in the app path');
      from = resolved;
      target = next;
    }
  }

  return new MemorySourceTree(files, where);
}
