import { isSemverRange, matchRevision, RemoteRef } from './resolveRevision';

const sha = (c: string) => c.repeat(40);

const refs: RemoteRef[] = [
  { ref: 'HEAD', oid: sha('a'), target: 'refs/heads/main' },
  { ref: 'refs/heads/main', oid: sha('a') },
  { ref: 'refs/heads/release', oid: sha('b') },
  { ref: 'refs/tags/v1.2.0', oid: sha('c') },
  { ref: 'refs/tags/v1.4.1', oid: sha('d'), peeled: sha('e') },
  { ref: 'refs/tags/2.0.0', oid: sha('f') },
  { ref: 'refs/tags/v1.5.0-rc.1', oid: sha('1') },
  { ref: 'refs/tags/not-a-version', oid: sha('2') },
];

describe('matchRevision', () => {
  it('resolves empty and HEAD to the default branch', () => {
    expect(matchRevision(refs, '')).toEqual({
      kind: 'default-branch',
      sha: sha('a'),
      ref: 'refs/heads/main',
    });
    expect(matchRevision(refs, 'HEAD')).toMatchObject({ sha: sha('a') });
  });

  it('resolves branches and tags, peeling annotated tags', () => {
    expect(matchRevision(refs, 'release')).toEqual({
      kind: 'branch',
      sha: sha('b'),
      ref: 'refs/heads/release',
    });
    expect(matchRevision(refs, 'v1.4.1')).toEqual({
      kind: 'tag',
      sha: sha('e'),
      ref: 'refs/tags/v1.4.1',
    });
    expect(matchRevision(refs, 'refs/heads/main')).toMatchObject({
      sha: sha('a'),
    });
  });

  it('picks the highest tag in a semver range, ignoring pre-releases and non-versions', () => {
    expect(matchRevision(refs, '>=1.2 <2')).toEqual({
      kind: 'semver',
      sha: sha('e'),
      ref: 'refs/tags/v1.4.1',
    });
    expect(matchRevision(refs, '^2')).toMatchObject({ ref: 'refs/tags/2.0.0' });
    expect(matchRevision(refs, '>=3')).toEqual({
      kind: 'none',
      reason: "no tag matches the semver range '>=3'",
    });
  });

  it('takes a full SHA as is and expands an abbreviated one from ref tips', () => {
    expect(matchRevision(refs, sha('9'))).toEqual({
      kind: 'commit',
      sha: sha('9'),
      ref: undefined,
    });
    expect(matchRevision(refs, 'bbbbbbb')).toEqual({
      kind: 'commit',
      sha: sha('b'),
      ref: 'refs/heads/release',
    });
    expect(matchRevision(refs, '1234567')).toEqual({
      kind: 'abbreviated-commit',
      prefix: '1234567',
    });
  });

  it('reports an unknown name', () => {
    expect(matchRevision(refs, 'feature/x')).toEqual({
      kind: 'none',
      reason: "no branch or tag named 'feature/x'",
    });
  });
});

describe('isSemverRange', () => {
  it('tells ranges from plain versions and names', () => {
    expect(isSemverRange('>=1.2 <2')).toBe(true);
    expect(isSemverRange('~1.4')).toBe(true);
    expect(isSemverRange('1.2.0')).toBe(false);
    expect(isSemverRange('v1.2.0')).toBe(false);
    expect(isSemverRange('main')).toBe(false);
  });
});
