import git from 'isomorphic-git';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startGitServer, GitServer } from '@internal/test-env/src/gitServer';
import { RepoCache } from './RepoCache';

const manifest = (name: string) =>
  `kind: ConfigMap\nmetadata: { name: ${name} }\n`;

describe('reads shared by the renders of one repository', () => {
  let server: GitServer;
  let cacheDir: string;

  beforeAll(async () => {
    server = await startGitServer();
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-reads-'));
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  it('parse the folders above app paths once for every app under them; a later commit is read from the pack fetched for it', async () => {
    const files: Record<string, string> = {};
    for (const app of ['a', 'b', 'c'])
      files[`apps/${app}/cm.yaml`] = manifest(app);
    const url = await server.createBareRepo('shared-reads', files);
    const repo = new RepoCache({ cacheDir }).repo(url);
    const first = await repo.sync('main');
    const trees = jest.spyOn(git, 'readTree');

    for (const app of ['a', 'b', 'c']) {
      const tree = await repo.readTree(first.sha, `apps/${app}`);
      expect((await tree.read('cm.yaml')).toString()).toBe(manifest(app));
    }
    // The root and apps/ once, then each app's own folder.
    expect(trees).toHaveBeenCalledTimes(2 + 3);

    const next = await server.commit(
      'shared-reads',
      { 'apps/d/cm.yaml': manifest('d') },
      'Add d',
    );
    const second = await repo.sync('main');
    expect(second).toMatchObject({ sha: next, fetched: true });
    trees.mockClear();
    const tree = await repo.readTree(second.sha, 'apps/d');
    expect((await tree.read('cm.yaml')).toString()).toBe(manifest('d'));
    // The new commit's objects come from the fetched pack.
    expect(trees).toHaveBeenCalledTimes(2 + 1);
    expect(await (await repo.readTree(first.sha, 'apps/a')).list()).toEqual([
      'cm.yaml',
    ]);
  });
});
