import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HttpClient } from 'isomorphic-git';
import { createCappedHttpClient } from './cappedHttpClient';
import { CachedRepo, normalizeRepoUrl } from './CachedRepo';
import type { GitCredentialsProvider } from './gitCredentials';
import type { TreeLimits } from './readGitTree';

/**
 * Where `RepoCache` keeps its caches, and how it reaches the remotes.
 *
 * @public
 */
export interface RepoCacheOptions {
  /**
   * Folder holding one bare cache per repository URL, created (or
   * tightened) to mode 0700. Unset: a fresh folder with a random name in
   * the OS temp folder, per process, so no one can guess where another
   * team's repository lies on disk.
   */
  cacheDir?: string;
  credentials?: GitCredentialsProvider;
  /** HTTP client; a capped isomorphic-git Node client (60 s, 512 MiB) by default. */
  http?: HttpClient;
  /** Caps for readTree. */
  treeLimits?: Partial<TreeLimits>;
  /**
   * Depth per branch fetched to expand an abbreviated SHA that is no ref
   * tip and not in the cache yet; default 50.
   */
  abbreviatedShaSearchDepth?: number;
  /** How long one ls-refs answer is reused per repository; 0 (default) = never. */
  refsMaxAgeMs?: number;
}

/** Creates `dir` if needed and makes it readable by this user alone. */
function ownedFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

/**
 * One local bare cache per repository URL, shared by every app on that
 * repository. Remote revisions are resolved with ls-refs alone; a shallow
 * single-ref fetch happens only when the cache lacks the resolved commit,
 * and fetches to one repository run one at a time (callers wanting the
 * same commit share one fetch).
 *
 * @public
 */
export class RepoCache {
  private readonly repos = new Map<string, CachedRepo>();
  private readonly http: HttpClient;
  /** The folder holding the caches. */
  readonly cacheDir: string;

  constructor(private readonly options: RepoCacheOptions) {
    this.http = options.http ?? createCappedHttpClient();
    this.cacheDir = options.cacheDir
      ? ownedFolder(options.cacheDir)
      : fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-repos-'));
  }

  /** The cache for one repository URL (created on first use). */
  repo(url: string): CachedRepo {
    const key = normalizeRepoUrl(url);
    let repo = this.repos.get(key);
    if (!repo) {
      const dirName = createHash('sha256')
        .update(key)
        .digest('hex')
        .slice(0, 32);
      repo = new CachedRepo({
        url,
        gitdir: path.join(this.cacheDir, `${dirName}.git`),
        http: this.http,
        credentials: this.options.credentials,
        treeLimits: this.options.treeLimits,
        abbreviatedShaSearchDepth: this.options.abbreviatedShaSearchDepth ?? 50,
        refsMaxAgeMs: this.options.refsMaxAgeMs,
      });
      this.repos.set(key, repo);
    }
    return repo;
  }
}
