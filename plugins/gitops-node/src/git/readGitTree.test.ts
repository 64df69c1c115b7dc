import { startGitServer, GitServer } from '@internal/test-env/src/gitServer';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CachedRepo } from './CachedRepo';
import { RepoCache } from './RepoCache';
import {
  RawEntry,
  writeRawCommit,
} from '@internal/test-env/src/writeRawCommit';

const yaml = {
  file: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
};

describe('readTree on hostile and odd repositories', () => {
  let server: GitServer;
  let cacheDir: string;
  let repo: CachedRepo;
  let repoUrl: string;
  let branchCount = 0;

  /** Pushes a hand-built tree as a new branch and syncs the cache to it. */
  async function commitTree(
    entries: Record<string, RawEntry>,
  ): Promise<string> {
    branchCount += 1;
    const branch = `b${branchCount}`;
    const sha = await writeRawCommit(
      path.join(server.root, 'hostile.git'),
      branch,
      entries,
    );
    await repo.sync(branch);
    return sha;
  }

  beforeAll(async () => {
    server = await startGitServer();
    repoUrl = await server.createBareRepo('hostile', { 'README.md': 'seed' });
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-hostile-'));
    repo = new RepoCache({
      cacheDir,
      treeLimits: { maxFileBytes: 1024, maxTotalBytes: 4096, maxEntries: 20 },
    }).repo(repoUrl);
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('reads nested files and follows a symlink to a file inside the app path', async () => {
    const sha = await commitTree({
      app: {
        tree: {
          'a.yaml': yaml,
          nested: {
            tree: { 'b.yaml': yaml, 'alias.yaml': { symlink: '../a.yaml' } },
          },
        },
      },
    });
    const tree = await repo.readTree(sha, './app/');
    expect(await tree.list()).toEqual([
      'a.yaml',
      'nested/alias.yaml',
      'nested/b.yaml',
    ]);
    expect((await tree.read('nested/alias.yaml')).toString()).toBe(yaml.file);
    await expect(tree.read('nope.yaml')).rejects.toThrow(
      `File 'nope.yaml' is not in ${repoUrl}`,
    );
  });

  it('refuses a symlink whose target leaves the app path', async () => {
    const sha = await commitTree({
      'secret.txt': { file: 'token' },
      app: {
        tree: { 'a.yaml': yaml, 'leak.yaml': { symlink: '../secret.txt' } },
      },
    });
    await expect(repo.readTree(sha, 'app')).rejects.toThrow(
      `Symlink 'leak.yaml' -> '../secret.txt' in ${repoUrl} at ${sha} path 'app' is refused: its target leaves the app path`,
    );
  });

  it('refuses absolute symlinks, symlinks to folders and dangling symlinks', async () => {
    const absolute = await commitTree({
      app: { tree: { 'p.yaml': { symlink: '/etc/passwd' } } },
    });
    await expect(repo.readTree(absolute, 'app')).rejects.toThrow(
      'absolute symlinks are not allowed',
    );
    const folder = await commitTree({
      app: {
        tree: {
          sub: { tree: { 'a.yaml': yaml } },
          'dir-link': { symlink: 'sub' },
        },
      },
    });
    await expect(repo.readTree(folder, 'app')).rejects.toThrow(
      'symlinks to folders are not followed',
    );
    const dangling = await commitTree({
      app: { tree: { 'x.yaml': { symlink: 'gone.yaml' } } },
    });
    await expect(repo.readTree(dangling, 'app')).rejects.toThrow(
      'its target does not exist in the app path',
    );
  });

  it('refuses an app path that is itself a symlink', async () => {
    const sha = await commitTree({
      real: { tree: { 'a.yaml': yaml } },
      app: { symlink: 'real' },
    });
    await expect(repo.readTree(sha, 'app')).rejects.toThrow(
      `Path 'app' in ${repoUrl} at ${sha} is a symlink; an app path must be a real folder`,
    );
  });

  it("refuses a tree entry named '..'", async () => {
    const sha = await commitTree({
      app: { tree: { 'a.yaml': yaml, '..': yaml } },
    });
    const error = await repo.readTree(sha, 'app').catch(e => e);
    expect(error).toMatchObject({ name: 'GitSourceError', reason: 'refused' });
    expect(error.message).toContain('contains an unsafe path entry');
    expect(error.message).toContain('..');
  });

  it("refuses app paths with '..', absolute app paths and '.git'", async () => {
    const sha = await commitTree({ app: { tree: { 'a.yaml': yaml } } });
    await expect(repo.readTree(sha, 'app/../..')).rejects.toThrow(
      `Path 'app/../..' in ${repoUrl} at ${sha} is refused: it contains '..'`,
    );
    await expect(repo.readTree(sha, '/etc')).rejects.toThrow('it is absolute');
    await expect(repo.readTree(sha, '.git/objects')).rejects.toThrow(
      "it names '.git'",
    );
  });

  it('refuses oversized files, too much content and too many entries', async () => {
    const big = await commitTree({
      app: { tree: { 'big.yaml': { file: 'x'.repeat(1025) } } },
    });
    await expect(repo.readTree(big, 'app')).rejects.toThrow(
      `File 'big.yaml' in ${repoUrl} at ${big} path 'app' is 1025 bytes, over the 1024-byte cap per file`,
    );
    const many = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [
        `f${i}.yaml`,
        { file: 'y'.repeat(1000) },
      ]),
    );
    const total = await commitTree({ app: { tree: many } });
    await expect(repo.readTree(total, 'app')).rejects.toThrow(
      'exceed the 4096-byte cap in total',
    );
    const lots = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [`f${i}.yaml`, yaml]),
    );
    const count = await commitTree({ app: { tree: lots } });
    await expect(repo.readTree(count, 'app')).rejects.toThrow(
      'has more than 20 files and folders',
    );
  });
});
