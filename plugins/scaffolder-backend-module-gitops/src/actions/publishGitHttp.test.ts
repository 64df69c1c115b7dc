import { createMockDirectory } from '@backstage/backend-test-utils';
import { GitServer, startGitServer } from '@internal/test-env/src/gitServer';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  AUTH,
  configFor,
  mockContext,
  readBack,
  remoteBranches,
} from '../__testUtils__/gitTestUtils';
import { createPublishGitHttpAction } from './publishGitHttp';

describe('publish:git-http against a real git server', () => {
  let server: GitServer;
  const workspace = createMockDirectory();
  const tempDirs: string[] = [];

  beforeAll(async () => {
    server = await startGitServer({ auth: AUTH });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'src/index.ts': 'export {};\n',
      'docs/readme.md': '# docs\n',
    });
  });
  afterEach(async () => {
    for (const dir of tempDirs.splice(0)) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  async function run(input: Record<string, unknown>, password?: string) {
    const action = createPublishGitHttpAction({
      config: configFor(server.url, password),
    });
    const { ctx, tempDirs: dirs } = mockContext(input, false, workspace.path);
    try {
      await action.handler(ctx as any);
    } finally {
      tempDirs.push(...dirs);
    }
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('pushes the workspace as the initial commit, without adding .git to it', async () => {
    const url = await server.createBareRepo('publish');
    const outputs = await run({
      repoUrl: url,
      commitMessage: 'Scaffold payments',
      gitAuthorName: 'Ada',
      gitAuthorEmail: 'ada@example.com',
    });

    const { files, log } = await readBack(url);
    expect(files).toEqual({
      'catalog-info.yaml': 'kind: Component\n',
      'docs/readme.md': '# docs\n',
      'src/index.ts': 'export {};\n',
    });
    expect(log).toHaveLength(1);
    expect(log[0].commit.message).toBe('Scaffold payments\n');
    expect(log[0].commit.author).toMatchObject({ name: 'Ada' });
    expect(outputs).toEqual({
      remoteUrl: url,
      // A plain git server: the shape Slipway's git URL reader serves.
      repoContentsUrl: `${url}/blob/main`,
      commitHash: log[0].oid,
    });
    expect(await fs.readdir(workspace.path)).not.toContain('.git');
  });

  it('publishes only sourcePath, on the chosen branch', async () => {
    const url = await server.createBareRepo('subfolder');
    // As a server configured with another default branch would have it;
    // isomorphic-git cannot clone a repository whose HEAD dangles.
    await fs.writeFile(
      path.join(server.root, 'subfolder.git', 'HEAD'),
      'ref: refs/heads/trunk\n',
    );
    await run({ repoUrl: url, sourcePath: 'src', defaultBranch: 'trunk' });
    expect(Object.keys(await remoteBranches(url))).toEqual(['trunk']);
    expect((await readBack(url, 'trunk')).files).toEqual({
      'index.ts': 'export {};\n',
    });
  });

  it('returns the same commit when retried after a push', async () => {
    const url = await server.createBareRepo('retry');
    const first = await run({ repoUrl: url });
    const second = await run({ repoUrl: url });
    expect(second.commitHash).toBe(first.commitHash);
    expect((await readBack(url)).log).toHaveLength(1);
  });

  it('refuses a repository that already has other commits', async () => {
    const url = await server.createBareRepo('taken', { 'README.md': 'x\n' });
    const before = await remoteBranches(url);
    await expect(run({ repoUrl: url })).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/is not empty/),
    });
    expect(await remoteBranches(url)).toEqual(before);
  });

  it('fails clearly with wrong credentials and pushes nothing', async () => {
    const url = await server.createBareRepo('wrongcreds');
    await expect(run({ repoUrl: url }, 'nope')).rejects.toThrow(
      /Authentication failed for git repository .*\(HTTP 401\)/,
    );
    expect(await remoteBranches(url)).toEqual({});
  });

  it('refuses a sourcePath outside the workspace', async () => {
    const url = await server.createBareRepo('escape');
    await expect(
      run({ repoUrl: url, sourcePath: '../elsewhere' }),
    ).rejects.toThrow(/outside the workspace/);
    expect(await remoteBranches(url)).toEqual({});
  });
});
