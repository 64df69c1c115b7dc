import type { SourceTree } from '../types';
import fs from 'node:fs';
import git, { HttpClient } from 'isomorphic-git';
import { watchResponses } from './cappedHttpClient';
import { GitSourceError, maskUrl, toGitSourceError } from './errors';
import { createOnAuth, GitCredentialsProvider } from './gitCredentials';
import { pushBranch } from './pushBranch';
import { GitReadCache } from './GitReadCache';
import { readGitTreeWith, TreeLimits } from './readGitTree';
import { matchRevision, RemoteRef, RevisionKind } from './resolveRevision';
import { revertedTree } from './revertPath';

/** A local ref that only ever names the revert commit being pushed. */
const REVERT_REF = 'refs/slipway/revert';
/** Commits whose metadata one repository remembers. */
const REMEMBERED_COMMITS = 1_000;

/**
 * A revision resolved on the remote.
 *
 * @public
 */
export interface ResolvedRevision {
  /** The revision as asked (empty = default branch). */
  revision: string;
  kind: RevisionKind;
  /** Full commit SHA. */
  sha: string;
  /** The ref it came from, e.g. refs/heads/main or refs/tags/v1.2.0. */
  ref?: string;
}

/**
 * What the engine records about the commit it deploys.
 *
 * @public
 */
export interface CommitMetadata {
  sha: string;
  author: { name: string; email: string };
  /** Author date, ISO 8601. */
  date: string;
  message: string;
}

/**
 * Counters for one repository, for tests and metrics.
 *
 * @public
 */
export interface RepoStats {
  /** ls-refs round trips to the remote. */
  listings: number;
  /** Pack fetches from the remote. */
  fetches: number;
}

/**
 * URL identity for caching: no userinfo, lower-case host, no trailing slash.
 *
 * @public
 */
export function normalizeRepoUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GitSourceError(
      'refused',
      `'${maskUrl(url)}' is not a valid repository URL`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new GitSourceError(
      'refused',
      `Repository URL ${maskUrl(
        url,
      )} is refused: only http(s) URLs are supported`,
    );
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  parsed.search = '';
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * The settings of one repository's cache, given by `RepoCache`.
 *
 * @public
 */
export interface CachedRepoOptions {
  url: string;
  gitdir: string;
  http: HttpClient;
  credentials?: GitCredentialsProvider;
  treeLimits?: Partial<TreeLimits>;
  abbreviatedShaSearchDepth: number;
  /**
   * How long one ls-refs answer serves later resolves (0 = never). Many apps
   * on one repository then cost one listing per window, not one each;
   * `forgetRemoteRefs()` (a push webhook) ends the window early.
   */
  refsMaxAgeMs?: number;
}

/**
 * The cache of one repository; get it from RepoCache.repo(url).
 *
 * @public
 */
export class CachedRepo {
  readonly gitdir: string;
  /** The URL with credentials masked, for messages and logs. */
  readonly displayUrl: string;
  private readonly stats: RepoStats = { listings: 0, fetches: 0 };
  private initialized?: Promise<void>;
  private listing?: Promise<RemoteRef[]>;
  private listed?: { at: number; refs: RemoteRef[] };
  /** Tail of the fetch queue: each fetch starts after the previous one settled. */
  private fetchQueue: Promise<unknown> = Promise.resolve();
  private readonly fetchesInFlight = new Map<string, Promise<boolean>>();
  /**
   * Commits read from the cache so far. Objects never leave it and a commit
   * never changes, so every reconcile of an unchanged app answers "is it
   * there, who wrote it" from here instead of parsing pack indexes again.
   */
  private readonly commits = new Map<string, CommitMetadata>();
  /** Shared by renders until the next fetch adds a pack. */
  private reads?: GitReadCache;

  constructor(private readonly options: CachedRepoOptions) {
    this.gitdir = options.gitdir;
    this.displayUrl = maskUrl(options.url);
  }

  getStats(): RepoStats {
    return { ...this.stats };
  }

  private common(http: HttpClient) {
    return {
      fs,
      http,
      url: this.options.url,
      onAuth: createOnAuth(this.options.credentials, this.options.url),
    };
  }

  /**
   * Runs one remote operation; a cap the HTTP client enforced wins over
   * whatever isomorphic-git made of the cut-off response.
   */
  private async capped<T>(run: (http: HttpClient) => Promise<T>): Promise<T> {
    const watched = watchResponses(this.options.http);
    let result: T;
    try {
      result = await run(watched.http);
    } catch (error) {
      throw watched.failure() ?? error;
    }
    const failure = watched.failure();
    if (failure) throw failure;
    return result;
  }

  private init(): Promise<void> {
    this.initialized ??= (async () => {
      await fs.promises.mkdir(this.gitdir, { recursive: true });
      await git.init({ fs, gitdir: this.gitdir, bare: true });
      // fetch needs a refspec from config; the URL stored on disk carries no
      // credentials (they come from onAuth on each request).
      await git.setConfig({
        fs,
        gitdir: this.gitdir,
        path: 'remote.origin.url',
        value: normalizeRepoUrl(this.options.url),
      });
      await git.setConfig({
        fs,
        gitdir: this.gitdir,
        path: 'remote.origin.fetch',
        value: '+refs/heads/*:refs/remotes/origin/*',
      });
    })().catch(error => {
      this.initialized = undefined;
      throw error;
    });
    return this.initialized;
  }

  /** ls-refs on the remote; concurrent callers share one request. */
  listRemoteRefs(): Promise<RemoteRef[]> {
    const maxAge = this.options.refsMaxAgeMs ?? 0;
    if (this.listed && Date.now() - this.listed.at < maxAge) {
      return Promise.resolve(this.listed.refs);
    }
    this.listing ??= (async () => {
      // Stamped when asked: a push during the request is not covered by it.
      const at = Date.now();
      try {
        this.stats.listings += 1;
        const refs = (await this.capped(http =>
          git.listServerRefs({
            ...this.common(http),
            protocolVersion: 2,
            symrefs: true,
            peelTags: true,
          }),
        )) as RemoteRef[];
        this.listed = { at, refs };
        return refs;
      } catch (error) {
        throw toGitSourceError(error, { url: this.options.url });
      } finally {
        this.listing = undefined;
      }
    })();
    return this.listing;
  }

  /**
   * The next resolve asks the remote again (e.g. after a push webhook);
   * with `before`, only if the remembered listing was asked for earlier
   * (another replica may have received the push at that time).
   */
  forgetRemoteRefs(before?: Date): void {
    if (!before || (this.listed && this.listed.at < before.getTime())) {
      this.listed = undefined;
    }
  }

  /**
   * Resolves a branch, tag, semver range (`>=1.2 <2`, over tags), full SHA
   * or empty (default branch) on the remote, without fetching. An
   * abbreviated SHA that is no ref tip needs objects: it is expanded from
   * the cache, else after a bounded fetch of every branch's recent history
   * (`abbreviatedShaSearchDepth` commits each).
   */
  async resolve(revision?: string): Promise<ResolvedRevision> {
    const asked = revision?.trim() ?? '';
    const refs = await this.listRemoteRefs();
    const match = matchRevision(refs, asked);
    if (match.kind === 'none') {
      throw new GitSourceError(
        'revision-not-found',
        `Revision '${asked}' not found in ${this.displayUrl}: ${match.reason}`,
      );
    }
    if (match.kind === 'abbreviated-commit') {
      const sha = await this.expandAbbreviatedSha(match.prefix);
      return { revision: asked, kind: 'commit', sha };
    }
    return {
      revision: asked,
      kind: match.kind,
      sha: match.sha,
      ref: match.ref,
    };
  }

  private async expandAbbreviatedSha(prefix: string): Promise<string> {
    await this.init();
    const expand = () =>
      git.expandOid({ fs, gitdir: this.gitdir, oid: prefix });
    try {
      return await expand();
    } catch {
      // Not in the cache yet: search recent history of all branches.
    }
    await this.enqueueFetch(`abbrev:${prefix}`, async () => {
      this.stats.fetches += 1;
      await this.capped(http =>
        git.fetch({
          ...this.common(http),
          gitdir: this.gitdir,
          singleBranch: false,
          tags: false,
          depth: this.options.abbreviatedShaSearchDepth,
        }),
      );
      return true;
    });
    try {
      return await expand();
    } catch (error) {
      const ambiguous = (error as { code?: string }).code === 'AmbiguousError';
      throw new GitSourceError(
        'revision-not-found',
        ambiguous
          ? `Revision '${prefix}' in ${this.displayUrl} is ambiguous: give more characters of the SHA`
          : `Revision '${prefix}' not found in ${this.displayUrl}: no commit starts with it in the last ${this.options.abbreviatedShaSearchDepth} commits of any branch; give the full 40-character SHA`,
      );
    }
  }

  /** Whether the cache holds the commit object. */
  async hasCommit(sha: string): Promise<boolean> {
    if (this.commits.has(sha)) return true;
    await this.init();
    try {
      await this.readCommitMetadata(sha);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Makes sure the cache holds the resolved commit: a shallow (depth 1)
   * single-ref fetch when it is missing, nothing when it is there.
   * Returns whether a fetch ran for this call.
   */
  async ensureCommit(resolved: ResolvedRevision): Promise<boolean> {
    if (await this.hasCommit(resolved.sha)) return false;
    const inFlight = this.fetchesInFlight.get(resolved.sha);
    if (inFlight) {
      await inFlight;
      return false;
    }
    const fetching = this.enqueueFetch(resolved.sha, async () => {
      // An earlier fetch in the queue may have brought it already.
      if (await this.hasCommit(resolved.sha)) return false;
      this.stats.fetches += 1;
      await this.capped(http =>
        git.fetch({
          ...this.common(http),
          gitdir: this.gitdir,
          ref: resolved.ref ?? resolved.sha,
          singleBranch: true,
          tags: false,
          depth: 1,
        }),
      );
      if (!(await this.hasCommit(resolved.sha))) {
        throw new GitSourceError(
          'revision-not-found',
          `Revision '${resolved.revision || 'HEAD'}' of ${
            this.displayUrl
          } moved while fetching (wanted ${
            resolved.sha
          }); it is resolved again on the next reconcile`,
        );
      }
      return true;
    }).finally(() => this.fetchesInFlight.delete(resolved.sha));
    this.fetchesInFlight.set(resolved.sha, fetching);
    try {
      return await fetching;
    } catch (error) {
      throw toGitSourceError(error, {
        url: this.options.url,
        revision: resolved.revision || 'HEAD',
      });
    }
  }

  /** Resolve on the remote, then fetch only if the cache lacks that commit. */
  async sync(
    revision?: string,
  ): Promise<ResolvedRevision & { fetched: boolean }> {
    const resolved = await this.resolve(revision);
    const fetched = await this.ensureCommit(resolved);
    return { ...resolved, fetched };
  }

  /**
   * Pushes one commit onto `branchRef` that makes `appPath` what it was at
   * `targetSha`, leaving the rest of the repository as on the branch tip.
   * Runs in the fetch queue, so the shared cache never sees two writers.
   * A branch that moved meanwhile is rejected (no force push).
   */
  async pushRevert(options: {
    branchRef: string;
    appPath: string;
    targetSha: string;
    message: string;
    author: { name: string; email: string };
  }): Promise<{ sha: string }> {
    const { branchRef, targetSha } = options;
    await this.ensureCommit({
      revision: targetSha,
      kind: 'commit',
      sha: targetSha,
    });
    const where = { url: this.options.url, revision: branchRef };
    return this.enqueueFetch(`revert:${branchRef}`, async () => {
      let tipSha: string;
      try {
        this.stats.fetches += 1;
        const fetched = await this.capped(http =>
          git.fetch({
            ...this.common(http),
            gitdir: this.gitdir,
            ref: branchRef,
            singleBranch: true,
            tags: false,
            depth: 1,
          }),
        );
        tipSha = fetched.fetchHead!;
      } catch (error) {
        throw toGitSourceError(error, where);
      }
      const { tree, unchanged } = await revertedTree({
        gitdir: this.gitdir,
        tipSha,
        ...options,
      });
      if (unchanged) {
        throw new GitSourceError(
          'refused',
          `Nothing to revert: '${options.appPath || '/'}' on ${branchRef} of ${
            this.displayUrl
          } already matches ${targetSha.slice(0, 12)}`,
        );
      }
      const sha = await git.commit({
        fs,
        gitdir: this.gitdir,
        ref: REVERT_REF,
        tree,
        parent: [tipSha],
        message: options.message,
        author: options.author,
      });
      try {
        await pushBranch({
          url: this.options.url,
          credentials: this.options.credentials,
          http: this.options.http,
          gitdir: this.gitdir,
          ref: REVERT_REF,
          remoteRef: branchRef,
        });
      } finally {
        await git
          .deleteRef({ fs, gitdir: this.gitdir, ref: REVERT_REF })
          .catch(() => undefined);
      }
      return { sha };
    });
  }

  private enqueueFetch<T>(_key: string, task: () => Promise<T>): Promise<T> {
    // Whatever the task wrote (a fetched pack) is read afresh afterwards.
    const fresh = () => {
      this.reads = undefined;
    };
    const start = () => this.init().then(task).finally(fresh);
    const run = this.fetchQueue.then(start, start);
    this.fetchQueue = run.catch(() => undefined);
    return run;
  }

  /** Author, date and message of a cached commit. */
  async commitMetadata(sha: string): Promise<CommitMetadata> {
    await this.init();
    try {
      return await this.readCommitMetadata(sha);
    } catch (error) {
      throw this.notCached(error, sha);
    }
  }

  private async readCommitMetadata(sha: string): Promise<CommitMetadata> {
    const remembered = this.commits.get(sha);
    if (remembered) return remembered;
    const { oid, commit } = await git.readCommit({
      fs,
      gitdir: this.gitdir,
      oid: sha,
    });
    // Shared by every caller from now on: nobody may change it.
    const metadata = Object.freeze({
      sha: oid,
      author: Object.freeze({
        name: commit.author.name,
        email: commit.author.email,
      }),
      date: new Date(commit.author.timestamp * 1000).toISOString(),
      message: commit.message.trim(),
    });
    if (this.commits.size >= REMEMBERED_COMMITS) {
      this.commits.delete(this.commits.keys().next().value!);
    }
    this.commits.set(sha, metadata);
    return metadata;
  }

  /** The files under `appPath` at a cached commit, read from git objects. */
  async readTree(sha: string, appPath?: string): Promise<SourceTree> {
    await this.init();
    try {
      this.reads ??= new GitReadCache(this.gitdir);
      return await readGitTreeWith(
        {
          gitdir: this.gitdir,
          commitSha: sha,
          path: appPath,
          limits: this.options.treeLimits,
          repo: this.displayUrl,
        },
        this.reads,
      );
    } catch (error) {
      throw this.notCached(error, sha);
    }
  }

  private notCached(error: unknown, sha: string): GitSourceError {
    if ((error as { code?: string }).code === 'NotFoundError') {
      return new GitSourceError(
        'revision-not-found',
        `Commit ${sha} of ${this.displayUrl} is not in the local cache; fetch it first`,
      );
    }
    return toGitSourceError(error, { url: this.options.url, revision: sha });
  }
}
