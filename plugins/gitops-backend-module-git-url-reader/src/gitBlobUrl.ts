import { InputError } from '@backstage/errors';

/**
 * The one URL shape the plain-git reader serves:
 * `<clone URL ending in .git>/blob/<ref>/<path>`, e.g.
 * `http://127.0.0.1:18080/shop.git/blob/main/catalog-info.yaml`.
 * The `.git/blob/` marker keeps the clone URL unambiguous for repositories
 * nested in folders; the ref may itself contain slashes and is matched
 * against the remote's refs by the reader.
 */
export interface GitBlobUrl {
  /** Clone URL, ending in `.git`. */
  repoUrl: string;
  /** `<ref>/<path>`, percent-decoded. */
  refAndPath: string;
}

const MARKER = '.git/blob/';

/** Whether a URL has the shape the reader serves (cheap; for the predicate). */
export function isGitBlobUrl(url: URL): boolean {
  return url.pathname.includes(MARKER);
}

export function parseGitBlobUrl(url: string): GitBlobUrl {
  // URL parsing folds `..` segments (even encoded ones) away, so a path
  // escaping the ref would silently read another file: refuse it first.
  const rawPath = url
    .replace(/[?#].*$/, '')
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const segments = decodeURIComponent(rawPath).split('/');
  if (segments.some(s => s === '.' || s === '..')) {
    throw new InputError(
      `Refusing to read ${url}: '.' and '..' segments may not leave the repository path`,
    );
  }
  const parsed = new URL(url);
  const at = parsed.pathname.indexOf(MARKER);
  if (at < 0) {
    throw new InputError(
      `${url} is not a git blob URL; expected <repository>.git/blob/<ref>/<path>`,
    );
  }
  const repoPath = parsed.pathname.slice(0, at + '.git'.length);
  return {
    repoUrl: `${parsed.protocol}//${parsed.host}${repoPath}`,
    refAndPath: decodeURIComponent(parsed.pathname.slice(at + MARKER.length)),
  };
}

/**
 * Checks a file path inside a repository: relative, no `.`/`..`/empty
 * segments, no backslashes. Git trees cannot hold such names, so refusing
 * them up front gives a clear error instead of a confusing "not found".
 */
export function checkRepoFilePath(filePath: string, url: string): string {
  const segments = filePath.split('/');
  const bad = segments.find(s => s === '' || s === '.' || s === '..');
  if (bad !== undefined || filePath.includes('\\') || filePath.includes('\0')) {
    throw new InputError(
      `Refusing to read ${url}: the path '${filePath}' must be a plain path inside the repository (no empty, '.' or '..' segments)`,
    );
  }
  return filePath;
}
