import { startGitServer, GitServer } from '@internal/test-env/src/gitServer';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readGitTree } from './readGitTree';
import { RepoCache } from './RepoCache';
import {
  addManyRefs,
  shInGitDir,
  writeZeroBlobRepo,
} from '@internal/test-env/src/gitBombs';

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

/** Runs `work` and reports how far the process's RSS rose above where it started. */
async function rssRise<T>(
  work: () => Promise<T>,
): Promise<{ result: PromiseSettledResult<T>; riseBytes: number }> {
  const start = process.memoryUsage.rss();
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  let peak = start;
  const probe = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const [result] = await Promise.allSettled([work()]);
  clearInterval(probe);
  // A rise while the loop was blocked shows in the kernel's high-water mark.
  const peakAfter = process.resourceUsage().maxRSS * 1024;
  if (peakAfter > peakBefore) peak = Math.max(peak, peakAfter);
  return { result, riseBytes: Math.max(0, peak - start) };
}

function messageOf(result: PromiseSettledResult<unknown>): string {
  expect(result.status).toBe('rejected');
  return (result as PromiseRejectedResult).reason.message;
}

describe('git bombs', () => {
  let server: GitServer;
  let cacheDir: string;

  beforeAll(async () => {
    server = await startGitServer();
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-bombs-'));
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  it('refuses a 1 GiB blob of zeros by its declared size: loose, packed and fetched', async () => {
    const gitdir = path.join(server.root, 'zeros.git');
    const sha = await writeZeroBlobRepo(gitdir, GiB);
    const where = `zeros at ${sha} path 'app'`;
    const expected = `File 'zeros.yaml' in ${where} is ${GiB} bytes, over the ${
      5 * MiB
    }-byte cap per file`;

    // Straight from the object database, as the cache would hold it.
    const loose = await rssRise(() =>
      readGitTree({ gitdir, commitSha: sha, path: 'app', repo: 'zeros' }),
    );
    expect(messageOf(loose.result)).toBe(expected);
    expect(loose.riseBytes).toBeLessThan(128 * MiB);

    await shInGitDir(gitdir, 'git repack --quiet -a -d');
    const packed = await rssRise(() =>
      readGitTree({ gitdir, commitSha: sha, path: 'app', repo: 'zeros' }),
    );
    expect(messageOf(packed.result)).toBe(expected);
    expect(packed.riseBytes).toBeLessThan(128 * MiB);

    // Over smart HTTP: the pack is refused while it streams in, before
    // isomorphic-git indexes (inflates) it.
    const url = server.repoUrl('zeros');
    const repo = new RepoCache({ cacheDir }).repo(url);
    const fetched = await rssRise(() => repo.sync('main'));
    expect(messageOf(fetched.result)).toBe(
      `Pack from ${url}: object 4 of 4 declares ${GiB} bytes, over the ${
        64 * MiB
      }-byte cap per object`,
    );
    expect(fetched.riseBytes).toBeLessThan(256 * MiB);
  }, 300_000);

  it('refuses a repository advertising 100,000 refs', async () => {
    const url = await server.createBareRepo('many-refs', {
      'a.yaml': 'a: 1\n',
    });
    const gitdir = path.join(server.root, 'many-refs.git');
    const main = await shInGitDir(gitdir, 'git rev-parse main');
    await addManyRefs(gitdir, main, 100_000, 40);
    const repo = new RepoCache({ cacheDir }).repo(url);
    const listed = await rssRise(() => repo.resolve('main'));
    expect(messageOf(listed.result)).toBe(
      `Git repository ${url} advertises more than 20000 refs, over the cap`,
    );
    expect(listed.riseBytes).toBeLessThan(128 * MiB);
  }, 120_000);

  it('refuses a ref listing of huge ref names by its bytes', async () => {
    const url = await server.createBareRepo('long-refs', {
      'a.yaml': 'a: 1\n',
    });
    const gitdir = path.join(server.root, 'long-refs.git');
    const main = await shInGitDir(gitdir, 'git rev-parse main');
    await addManyRefs(gitdir, main, 2_000, 4_000);
    const repo = new RepoCache({ cacheDir }).repo(url);
    const listed = await rssRise(() => repo.resolve('main'));
    expect(messageOf(listed.result)).toBe(
      `Ref listing of git repository ${url} exceeds the ${4 * MiB}-byte cap`,
    );
    expect(listed.riseBytes).toBeLessThan(128 * MiB);
  }, 120_000);

  it('still fetches and reads an ordinary repository', async () => {
    const url = await server.createBareRepo('ordinary', {
      'app/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
      'app/b.yaml': 'b'.repeat(100_000),
    });
    const repo = new RepoCache({ cacheDir }).repo(url);
    const { sha } = await repo.sync('main');
    const tree = await repo.readTree(sha, 'app');
    expect(await tree.list()).toEqual(['a.yaml', 'b.yaml']);
    expect((await tree.read('b.yaml')).byteLength).toBe(100_000);
  }, 60_000);
});
