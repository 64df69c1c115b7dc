import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startGitServer, GitServer } from '@internal/test-env';
import { RepoCache } from './RepoCache';

describe('remembered ref listings', () => {
  let server: GitServer;
  let cacheDir: string;

  beforeAll(async () => {
    server = await startGitServer();
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-refs-age-'));
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('serve resolves within the window with one listing, until forgotten', async () => {
    const url = await server.createBareRepo('refs-age', { 'a.yaml': 'a: 1\n' });
    const repo = new RepoCache({ cacheDir, refsMaxAgeMs: 60_000 }).repo(url);

    const first = await repo.resolve('main');
    const newer = await server.commit(
      'refs-age',
      { 'a.yaml': 'a: 2\n' },
      'Second',
    );
    expect((await repo.resolve('main')).sha).toBe(first.sha);
    expect(repo.getStats().listings).toBe(1);

    repo.forgetRemoteRefs();
    expect((await repo.resolve('main')).sha).toBe(newer);
    expect(repo.getStats().listings).toBe(2);
  });

  it('are forgotten only when listed before a push another replica saw', async () => {
    const url = await server.createBareRepo('refs-before', {
      'a.yaml': 'a: 1\n',
    });
    const repo = new RepoCache({ cacheDir, refsMaxAgeMs: 60_000 }).repo(url);
    const listedAt = new Date();
    await repo.resolve('main');
    const newer = await server.commit(
      'refs-before',
      { 'a.yaml': 'a: 2\n' },
      'Second',
    );
    // A push older than the listing: the listing already covers it.
    repo.forgetRemoteRefs(new Date(listedAt.getTime() - 1_000));
    await repo.resolve('main');
    expect(repo.getStats().listings).toBe(1);

    // A push after the listing was asked for: ask the remote again.
    repo.forgetRemoteRefs(new Date(Date.now() + 1));
    expect((await repo.resolve('main')).sha).toBe(newer);
    expect(repo.getStats().listings).toBe(2);
  });

  it('ask the remote every time without a window', async () => {
    const url = await server.createBareRepo('refs-no-age', {
      'a.yaml': 'a: 1\n',
    });
    const repo = new RepoCache({ cacheDir }).repo(url);
    await repo.resolve('main');
    const newer = await server.commit(
      'refs-no-age',
      { 'a.yaml': 'a: 2\n' },
      'Second',
    );
    expect((await repo.resolve('main')).sha).toBe(newer);
    expect(repo.getStats().listings).toBe(2);
  });
});
