import semver from 'semver';

/**
 * One ref as the remote advertises it (ls-refs).
 *
 * @public
 */
export interface RemoteRef {
  ref: string;
  oid: string;
  /** Target of a symbolic ref, e.g. HEAD → refs/heads/main. */
  target?: string;
  /** Commit an annotated tag points to. */
  peeled?: string;
}

/**
 * How a revision string was understood.
 *
 * @public
 */
export type RevisionKind =
  | 'default-branch'
  | 'branch'
  | 'tag'
  | 'semver'
  | 'commit'
  | 'abbreviated-commit';

/**
 * The outcome of resolving a revision against the remote's refs.
 *
 * @public
 */
export type RefMatch =
  | {
      kind: Exclude<RevisionKind, 'abbreviated-commit'>;
      /** Commit SHA (annotated tags peeled). */
      sha: string;
      /** Full ref to fetch, e.g. refs/heads/main; absent for bare commits. */
      ref?: string;
    }
  | { kind: 'abbreviated-commit'; prefix: string }
  | { kind: 'none'; reason: string };

const FULL_SHA = /^[0-9a-f]{40}$/i;
const ABBREVIATED_SHA = /^[0-9a-f]{7,39}$/i;

/**
 * True for a semver constraint such as `>=1.2 <2` or `~1.4`, but not for a plain version like `1.2.0`.
 *
 * @public
 */
export function isSemverRange(revision: string): boolean {
  if (semver.valid(revision, { loose: false })) return false;
  if (semver.valid(semver.clean(revision) ?? '')) return false;
  return semver.validRange(revision) !== null;
}

/** The version a tag name stands for (`v1.2.3`, `1.2.3`), or undefined. */
export function tagVersion(tagName: string): string | undefined {
  return semver.valid(semver.clean(tagName) ?? '') ?? undefined;
}

function commitOf(ref: RemoteRef): string {
  return ref.peeled ?? ref.oid;
}

/**
 * Resolves a revision against the refs the remote advertises, without
 * fetching. Order (like git's own rev-parse, then Argo CD's LsRemote):
 * empty → the default branch (HEAD); full SHA → itself; an exact ref name
 * (full `refs/...`, then tag, then branch); a semver range → highest
 * matching tag. An abbreviated SHA (7+ hex digits, checked before
 * semver) → a ref tip starting with it, or left to the caller (it needs
 * objects to expand).
 *
 * @public
 */
export function matchRevision(
  refs: RemoteRef[],
  revision: string | undefined,
): RefMatch {
  const byName = new Map(refs.map(r => [r.ref, r]));
  const wanted = (revision ?? '').trim();

  if (wanted === '' || wanted === 'HEAD') {
    const head = byName.get('HEAD');
    if (!head) return { kind: 'none', reason: 'the remote advertises no HEAD' };
    const branch = head.target ? byName.get(head.target) : undefined;
    return {
      kind: 'default-branch',
      sha: commitOf(branch ?? head),
      ref: head.target ?? 'HEAD',
    };
  }

  if (FULL_SHA.test(wanted)) {
    const sha = wanted.toLowerCase();
    const tip = refs.find(r => r.ref !== 'HEAD' && commitOf(r) === sha);
    return { kind: 'commit', sha, ref: tip?.ref };
  }

  const candidates = wanted.startsWith('refs/')
    ? [wanted]
    : [`refs/${wanted}`, `refs/tags/${wanted}`, `refs/heads/${wanted}`];
  for (const name of candidates) {
    const ref = byName.get(name);
    if (ref) {
      return {
        kind: name.startsWith('refs/tags/') ? 'tag' : 'branch',
        sha: commitOf(ref),
        ref: name,
      };
    }
  }

  // Before semver: a run of 7+ hex digits such as `1234567` is also a valid
  // (exact-major) range, but nobody means that.
  if (ABBREVIATED_SHA.test(wanted)) {
    const prefix = wanted.toLowerCase();
    const tips = new Set(
      refs.map(commitOf).filter(sha => sha.startsWith(prefix)),
    );
    if (tips.size === 1) {
      const sha = [...tips][0];
      const tip = refs.find(r => r.ref !== 'HEAD' && commitOf(r) === sha);
      return { kind: 'commit', sha, ref: tip?.ref };
    }
    return { kind: 'abbreviated-commit', prefix };
  }

  if (isSemverRange(wanted)) {
    let best: { version: string; ref: RemoteRef } | undefined;
    for (const ref of refs) {
      if (!ref.ref.startsWith('refs/tags/') || ref.ref.endsWith('^{}'))
        continue;
      const version = tagVersion(ref.ref.slice('refs/tags/'.length));
      if (!version || !semver.satisfies(version, wanted)) continue;
      if (!best || semver.gt(version, best.version)) best = { version, ref };
    }
    if (!best) {
      return {
        kind: 'none',
        reason: `no tag matches the semver range '${wanted}'`,
      };
    }
    return { kind: 'semver', sha: commitOf(best.ref), ref: best.ref.ref };
  }

  return {
    kind: 'none',
    reason: `no branch or tag named '${wanted}'`,
  };
}
