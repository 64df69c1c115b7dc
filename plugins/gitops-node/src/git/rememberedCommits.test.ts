import git from 'isomorphic-git';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startGitServer, GitServer } from '@internal/test-env/src/gitServer';
import { RepoCache } from './RepoCache';

describe('commits a repository cache has read once', () => {
  let server: GitServer;
  let cacheDir: string;

  beforeAll(async () => {
    server = await startGitServer();
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-commits-'));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await server.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('answer later syncs and metadata reads without reading git objects again', async () => {
    const url = await server.createBareRepo('remembered', {
      'app/cm.yaml': 'kind: ConfigMap\n',
    });
    const repo = new RepoCache({ cacheDir, refsMaxAgeMs: 60_000 }).repo(url);
    const { sha } = await repo.sync('main');
    const metadata = await repo.commitMetadata(sha);
    expect(metadata).toMatchObject({ sha, message: 'Initial commit' });

    const reads = jest.spyOn(git, 'readCommit');
    expect(await repo.sync('main')).toMatchObject({ sha, fetched: false });
    expect(await repo.commitMetadata(sha)).toEqual(metadata);
    expect(await repo.hasCommit(sha)).toBe(true);
    expect(reads).not.toHaveBeenCalled();

    // A commit the cache does not hold is looked up every time.
    const missing = 'f'.repeat(40);
    expect(await repo.hasCommit(missing)).toBe(false);
    expect(await repo.hasCommit(missing)).toBe(false);
    expect(reads).toHaveBeenCalledTimes(2);
    await expect(repo.commitMetadata(missing)).rejects.toThrow(
      'is not in the local cache',
    );
  });

  it('are shared frozen, so no caller can change what the next one reads', async () => {
    const url = await server.createBareRepo('frozen', { 'a.yaml': 'a: 1\n' });
    const repo = new RepoCache({ cacheDir }).repo(url);
    const { sha } = await repo.sync('main');
    const metadata = await repo.commitMetadata(sha);

    expect(() => {
      (metadata as { message: string }).message = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (metadata.author as { name: string }).name = 'someone';
    }).toThrow(TypeError);
    expect((await repo.commitMetadata(sha)).message).toBe('Initial commit');
  });
});
