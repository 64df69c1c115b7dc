import type {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import type { ReadTreeResponseFactory } from '@backstage/backend-defaults/urlReader';
import { InputError, NotFoundError, NotModifiedError } from '@backstage/errors';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import {
  CachedRepo,
  GitSourceError,
  RepoCache,
} from '@slipway/plugin-gitops-node';
import { checkRepoFilePath, parseGitBlobUrl } from './gitBlobUrl';

/** Default cap on one file read through the reader. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface GitHttpUrlReaderOptions {
  /** The shared shallow caches (and the credentials they fetch with). */
  repos: RepoCache;
  /** Needed for readTree only. */
  treeResponseFactory?: ReadTreeResponseFactory;
  maxFileBytes?: number;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;
const GLOB = /[*?[\]{}]/;

/**
 * Reads files from any git server over smart HTTP, for hosts with no
 * Backstage integration (a plain `git http-backend`, a self-hosted
 * mirror). URLs have the shape `<repo>.git/blob/<ref>/<path>`; the ref is
 * resolved on the remote, the commit fetched shallowly into the same kind
 * of cache the sync engine uses, and the file read from git objects.
 * The ETag is the blob's SHA, so an unchanged file is NotModified even
 * when other files of the repository changed.
 */
export class GitHttpUrlReader implements UrlReaderService {
  private readonly maxFileBytes: number;

  constructor(private readonly options: GitHttpUrlReaderOptions) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { repo, sha, path } = await this.locate(url);
    const filepath = checkRepoFilePath(path, url);
    let blob: { oid: string; blob: Uint8Array };
    try {
      blob = await git.readBlob({
        fs,
        gitdir: repo.gitdir,
        oid: sha,
        filepath,
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'NotFoundError' || code === 'ObjectTypeError') {
        throw new NotFoundError(
          `File '${filepath}' not found in ${repo.displayUrl} at ${sha}`,
        );
      }
      throw error;
    }
    if (options?.etag && options.etag === blob.oid) {
      throw new NotModifiedError();
    }
    if (blob.blob.byteLength > this.maxFileBytes) {
      throw new InputError(
        `File '${filepath}' in ${repo.displayUrl} at ${sha} is ${blob.blob.byteLength} bytes, over the ${this.maxFileBytes}-byte limit`,
      );
    }
    const buffer = Buffer.from(blob.blob);
    return {
      buffer: async () => buffer,
      stream: () => Readable.from([buffer]),
      etag: blob.oid,
    };
  }

  /** Plain paths only: a glob is refused, one file is one match, a missing one none. */
  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (GLOB.test(parseGitBlobUrl(url).refAndPath)) {
      throw new InputError(
        `Refusing to search ${url}: glob patterns are not supported for plain git servers; name the file`,
      );
    }
    try {
      const response = await this.readUrl(url, { etag: options?.etag });
      return {
        files: [{ url, content: response.buffer }],
        etag: response.etag ?? '',
      };
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') {
        return { files: [], etag: '' };
      }
      throw error;
    }
  }

  /** The folder at `<repo>.git/blob/<ref>/<folder>` (or the root); ETag = commit SHA. */
  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const factory = this.options.treeResponseFactory;
    if (!factory)
      throw new Error('GitHttpUrlReader: readTree needs a treeResponseFactory');
    const { repo, sha, path } = await this.locate(url);
    if (options?.etag && options.etag === sha) throw new NotModifiedError();
    const folder = path.replace(/\/+$/, '');
    if (folder) checkRepoFilePath(folder, url);
    let tree;
    try {
      tree = await repo.readTree(sha, folder || undefined);
    } catch (error) {
      throw asBackstageError(error);
    }
    const files = [];
    for (const file of await tree.list()) {
      if (options?.filter && !options.filter(file)) continue;
      files.push({ path: file, data: Readable.from([await tree.read(file)]) });
    }
    const response = await factory.fromReadableArray(files);
    return {
      files: () => response.files(),
      archive: () => response.archive(),
      dir: dirOptions => response.dir(dirOptions),
      etag: sha,
    };
  }

  toString() {
    return 'git-http{}';
  }

  /** Splits `<ref>/<path>` with the remote's refs, then makes sure the commit is cached. */
  private async locate(url: string) {
    const { repoUrl, refAndPath } = parseGitBlobUrl(url);
    const repo = this.options.repos.repo(repoUrl);
    try {
      const { ref, path } = await splitRef(repo, refAndPath, url);
      const { sha } = await repo.sync(ref);
      return { repo, sha, path };
    } catch (error) {
      throw asBackstageError(error);
    }
  }
}

/** The longest branch or tag name (or a full SHA) that prefixes `<ref>/<path>`. */
async function splitRef(repo: CachedRepo, refAndPath: string, url: string) {
  const first = refAndPath.split('/')[0];
  if (FULL_SHA.test(first)) {
    return { ref: first, path: refAndPath.slice(first.length + 1) };
  }
  const names = (await repo.listRemoteRefs())
    .map(r => r.ref.replace(/^refs\/(heads|tags)\//, ''))
    .filter(name => refAndPath === name || refAndPath.startsWith(`${name}/`))
    .sort((a, b) => b.length - a.length);
  if (!names.length) {
    throw new NotFoundError(
      `No branch or tag of ${repo.displayUrl} matches the start of '${refAndPath}' in ${url}`,
    );
  }
  return { ref: names[0], path: refAndPath.slice(names[0].length + 1) };
}

// The catalog treats NotFoundError specially (optional locations); the
// rest keep the git layer's message, which already names the repository.
function asBackstageError(error: unknown): unknown {
  if (error instanceof GitSourceError) {
    if (
      error.reason === 'revision-not-found' ||
      error.reason === 'path-not-found'
    ) {
      return new NotFoundError(error.message);
    }
    if (error.reason === 'refused') return new InputError(error.message);
  }
  return error;
}
