import { ConfigReader } from '@backstage/config';
import type { HttpClient } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { startGitServer, GitServer } from '@internal/test-env/src/gitServer';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitSourceError } from './errors';
import { ConfigGitCredentialsProvider } from './gitCredentials';
import { RepoCache } from './RepoCache';
import { writeAnnotatedTag } from '@internal/test-env/src/writeRawCommit';

const manifest = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

async function readAll(tree: {
  list(): Promise<string[]>;
  read(p: string): Promise<Buffer>;
}) {
  const out: Record<string, string> = {};
  for (const file of await tree.list())
    out[file] = (await tree.read(file)).toString();
  return out;
}

describe('RepoCache over smart HTTP', () => {
  let server: GitServer;
  let cacheDir: string;

  beforeAll(async () => {
    server = await startGitServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    cacheDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'slipway-repocache-test-'),
    );
  });
  afterEach(async () => {
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('fetches a branch, reads its path and commit metadata, and refetches only when the remote moved', async () => {
    const url = await server.createBareRepo('branch', {
      'deploy/cm.yaml': manifest('one'),
      'README.md': 'hello',
    });
    const repo = new RepoCache({ cacheDir }).repo(url);

    const first = await repo.sync('main');
    expect(first).toMatchObject({
      kind: 'branch',
      ref: 'refs/heads/main',
      fetched: true,
    });
    expect(await readAll(await repo.readTree(first.sha, 'deploy'))).toEqual({
      'cm.yaml': manifest('one'),
    });
    expect(await repo.commitMetadata(first.sha)).toEqual({
      sha: first.sha,
      author: { name: 'Slipway Test', email: 'test@slipway.invalid' },
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: 'Initial commit',
    });

    const again = await repo.sync('main');
    expect(again).toMatchObject({ sha: first.sha, fetched: false });
    expect(repo.getStats()).toEqual({ listings: 2, fetches: 1 });

    const second = await server.commit(
      'branch',
      { 'deploy/cm.yaml': manifest('two') },
      'Second',
    );
    const moved = await repo.sync('main');
    expect(moved).toMatchObject({ sha: second, fetched: true });
    expect(repo.getStats().fetches).toBe(2);
    expect(
      (
        await (await repo.readTree(second, 'deploy')).read('cm.yaml')
      ).toString(),
    ).toBe(manifest('two'));
    // The default branch resolves through HEAD.
    expect(await repo.resolve('')).toMatchObject({
      kind: 'default-branch',
      sha: second,
    });
  });

  it('resolves tags, annotated tags and semver ranges over tags', async () => {
    const url = await server.createBareRepo('tags');
    const v120 = await server.commit(
      'tags',
      { 'app/v.yaml': manifest('v120') },
      'v1.2.0',
      {
        tags: ['v1.2.0'],
      },
    );
    const v140 = await server.commit(
      'tags',
      { 'app/v.yaml': manifest('v140') },
      'v1.4.0',
    );
    await writeAnnotatedTag(path.join(server.root, 'tags.git'), 'v1.4.0', v140);
    await server.commit('tags', { 'app/v.yaml': manifest('v200') }, 'v2.0.0', {
      tags: ['v2.0.0'],
    });
    const repo = new RepoCache({ cacheDir }).repo(url);

    const tag = await repo.sync('v1.2.0');
    expect(tag).toMatchObject({
      kind: 'tag',
      sha: v120,
      ref: 'refs/tags/v1.2.0',
      fetched: true,
    });

    const range = await repo.sync('>=1.2 <2');
    expect(range).toMatchObject({
      kind: 'semver',
      sha: v140,
      ref: 'refs/tags/v1.4.0',
      fetched: true,
    });
    expect(
      (await (await repo.readTree(range.sha, 'app')).read('v.yaml')).toString(),
    ).toBe(manifest('v140'));

    await expect(repo.resolve('>=3')).rejects.toThrow(
      `Revision '>=3' not found in ${url}: no tag matches the semver range '>=3'`,
    );
  });

  it('fetches a full commit SHA that is no ref tip, and expands an abbreviated SHA', async () => {
    const url = await server.createBareRepo('shas', {
      'app/a.yaml': manifest('old'),
    });
    const old = (
      await new RepoCache({ cacheDir: `${cacheDir}/probe` })
        .repo(url)
        .resolve('main')
    ).sha;
    const middle = await server.commit(
      'shas',
      { 'app/a.yaml': manifest('middle') },
      'middle',
    );
    await server.commit('shas', { 'app/a.yaml': manifest('new') }, 'new');
    const repo = new RepoCache({ cacheDir }).repo(url);

    const full = await repo.sync(old);
    expect(full).toMatchObject({ kind: 'commit', sha: old, fetched: true });
    expect(
      (await (await repo.readTree(old, 'app')).read('a.yaml')).toString(),
    ).toBe(manifest('old'));

    const abbreviated = await repo.sync(middle.slice(0, 9));
    expect(abbreviated).toMatchObject({ kind: 'commit', sha: middle });
    await expect(repo.resolve('deadbeefdead')).rejects.toThrow(
      /Revision 'deadbeefdead' not found in .*give the full 40-character SHA/,
    );
  });

  it('runs one fetch for concurrent syncs of one repository', async () => {
    const url = await server.createBareRepo('concurrent', {
      'a.yaml': manifest('a'),
    });
    const repo = new RepoCache({ cacheDir }).repo(url);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => repo.sync('main')),
    );
    expect(new Set(results.map(r => r.sha)).size).toBe(1);
    expect(results.filter(r => r.fetched)).toHaveLength(1);
    expect(repo.getStats()).toEqual({ listings: 1, fetches: 1 });
  });

  it('fetches shallow and never runs two fetches to one repository at once', async () => {
    const url = await server.createBareRepo('serial', {
      'a.yaml': manifest('a'),
    });
    await server.commit('serial', { 'b.yaml': manifest('b') }, 'on b', {
      branch: 'other',
    });
    await server.commit('serial', { 'c.yaml': manifest('c') }, 'tagged', {
      branch: 'release',
      tags: ['v1.0.0'],
    });
    let active = 0;
    let maxActive = 0;
    const countingHttp: HttpClient = {
      async request(request) {
        const isFetch = request.url.endsWith('/git-upload-pack');
        if (isFetch) maxActive = Math.max(maxActive, ++active);
        try {
          const response = await nodeHttp.request(request);
          const chunks: Uint8Array[] = [];
          for await (const chunk of response.body ?? []) chunks.push(chunk);
          // Drained inside the window, so "active" covers the whole transfer.
          const body = (async function* replay() {
            yield Buffer.concat(chunks);
          })();
          return { ...response, body };
        } finally {
          if (isFetch) active -= 1;
        }
      },
    };
    const repo = new RepoCache({ cacheDir, http: countingHttp }).repo(url);
    const results = await Promise.all([
      repo.sync('main'),
      repo.sync('other'),
      repo.sync('v1.0.0'),
    ]);
    expect(results.map(r => r.fetched)).toEqual([true, true, true]);
    expect(maxActive).toBe(1);
    const shallow = await fs.readFile(
      path.join(repo.gitdir, 'shallow'),
      'utf8',
    );
    for (const { sha } of results) expect(shallow).toContain(sha);
  });

  it('shares one cache folder per repository URL, whatever the credentials in it', async () => {
    const cache = new RepoCache({ cacheDir });
    const url = server.repoUrl('shared');
    const withUser = url.replace('http://', 'http://someone:secret@');
    expect(cache.repo(url)).toBe(cache.repo(`${url}/`));
    expect(cache.repo(withUser).gitdir).toBe(cache.repo(url).gitdir);
    expect(cache.repo(withUser).displayUrl).not.toContain('secret');
  });

  it('explains unknown branches, missing paths and unreachable repositories', async () => {
    const url = await server.createBareRepo('errors', {
      'app/a.yaml': manifest('a'),
    });
    const repo = new RepoCache({ cacheDir }).repo(url);
    await expect(repo.resolve('nope')).rejects.toThrow(
      `Revision 'nope' not found in ${url}: no branch or tag named 'nope'`,
    );
    const { sha } = await repo.sync('main');
    await expect(repo.readTree(sha, 'missing/dir')).rejects.toThrow(
      `Path 'missing' not found in ${url} at ${sha}`,
    );
    await expect(repo.readTree(sha, 'app/a.yaml')).rejects.toThrow(
      'is a file, not a folder',
    );

    const missingRepo = new RepoCache({ cacheDir }).repo(
      server.repoUrl('does-not-exist'),
    );
    await expect(missingRepo.resolve('main')).rejects.toMatchObject({
      reason: 'unreachable',
    });

    const closed = await startGitServer();
    const deadUrl = closed
      .repoUrl('gone')
      .replace('http://', 'http://user:hunter2@');
    await closed.close();
    const error = await new RepoCache({ cacheDir })
      .repo(deadUrl)
      .resolve('main')
      .catch(e => e);
    expect(error).toBeInstanceOf(GitSourceError);
    expect(error.reason).toBe('unreachable');
    expect(error.message).toMatch(/is unreachable \(ECONNREFUSED\)/);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('RepoCache with basic auth', () => {
  const auth = { username: 'deployer', password: 's3cret-pass' };
  let server: GitServer;
  let cacheDir: string;
  let url: string;

  beforeAll(async () => {
    server = await startGitServer({ auth });
    url = await server.createBareRepo('private', {
      'app/a.yaml': manifest('private'),
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    cacheDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'slipway-repocache-auth-'),
    );
  });
  afterEach(async () => {
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  const host = () => new URL(url).host;
  const cacheWith = (config: object) =>
    new RepoCache({
      cacheDir,
      credentials: ConfigGitCredentialsProvider.fromConfig(
        new ConfigReader(config),
      ),
    }).repo(url);

  it('authenticates with slipway.gitCredentials', async () => {
    const repo = cacheWith({
      slipway: { gitCredentials: [{ host: host(), ...auth }] },
    });
    const { sha, fetched } = await repo.sync('main');
    expect(fetched).toBe(true);
    expect(await (await repo.readTree(sha, 'app')).list()).toEqual(['a.yaml']);
    // Credentials are given per request, never written into the cache.
    expect(
      await fs.readFile(path.join(repo.gitdir, 'config'), 'utf8'),
    ).not.toContain(auth.password);
  });

  it('authenticates with a Gitea integration from integrations config', async () => {
    const repo = cacheWith({
      integrations: { gitea: [{ host: host(), baseUrl: server.url, ...auth }] },
    });
    await expect(repo.sync('main')).resolves.toMatchObject({ fetched: true });
  });

  it('reports wrong credentials without leaking them', async () => {
    const repo = cacheWith({
      slipway: {
        gitCredentials: [
          { host: host(), username: 'deployer', password: 'wrong-one' },
        ],
      },
    });
    const error = await repo.resolve('main').catch(e => e);
    expect(error).toMatchObject({ name: 'GitSourceError', reason: 'auth' });
    expect(error.message).toBe(
      `Authentication failed for git repository ${url} (HTTP 401): check the credentials configured for this host in integrations or slipway.gitCredentials`,
    );
    expect(error.message).not.toContain('wrong-one');
  });

  it('reports missing credentials', async () => {
    const error = await cacheWith({})
      .resolve('main')
      .catch(e => e);
    expect(error).toMatchObject({ reason: 'auth' });
    expect(error.message).toBe(
      `Git repository ${url} requires authentication and no credentials are configured for its host`,
    );
  });
});
