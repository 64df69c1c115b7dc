import { GitServer, startGitServer } from '@internal/test-env/src/gitServer';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { testProject } from '../__testUtils__/testProject';
import { ParsedApp } from '../catalog/AppSpec';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { revertInGit } from './revertInGit';

const configMap = (level: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { level: ${level} }\n`;

describe('revertInGit inside the app project', () => {
  let server: GitServer;
  let cacheDir: string;

  beforeAll(async () => {
    server = await startGitServer();
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-revert-test-'));
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  // Asynchronous: the git server runs in this process.
  const remoteRefs = async (url: string) =>
    (await promisify(execFile)('git', ['ls-remote', url])).stdout;

  /** Another team's repository with two commits to its `apps/billing` folder. */
  async function otherTeamsRepo(name: string) {
    const url = await server.createBareRepo(name, {
      'apps/billing/cm.yaml': configMap('info'),
    });
    const firstSha = (await remoteRefs(url)).split('\t')[0];
    await server.commit(
      name,
      { 'apps/billing/cm.yaml': configMap('debug') },
      'Second',
    );
    return { url, firstSha };
  }

  const appIn = (repoUrl: string, project = testProject()): ParsedApp => ({
    valid: true,
    key: 'component:default/cart@local',
    entityRef: 'component:default/cart',
    cluster: 'local',
    repoUrl,
    path: 'apps/billing',
    namespace: 'cart',
    syncPolicy: 'manual',
    prune: false,
    selfHeal: false,
    project,
  });

  const revert = (app: ParsedApp, targetSha: string) =>
    revertInGit({
      app,
      targetSha,
      initiator: 'user:default/mallory',
      repos: new RepoCache({ cacheDir }),
    });

  it('refuses a repository outside the project sourceRepos and pushes nothing', async () => {
    const { url, firstSha } = await otherTeamsRepo('billing-repo');
    const before = await remoteRefs(url);
    const project = testProject({
      name: 'cart',
      sourceRepos: [server.repoUrl('cart-*')],
    });
    await expect(revert(appIn(url, project), firstSha)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `Revert of 'component:default/cart@local' refused by sourceRepos: repository '${url.replace(
        /\.git$/,
        '',
      )}' is not in the sourceRepos of project 'cart'`,
    });
    expect(await remoteRefs(url)).toBe(before);
  });

  it('refuses a folder outside the project sourcePaths and pushes nothing', async () => {
    const { url, firstSha } = await otherTeamsRepo('shared-repo');
    const before = await remoteRefs(url);
    const project = testProject({
      name: 'cart',
      sourcePaths: ['apps/cart/**'],
    });
    await expect(revert(appIn(url, project), firstSha)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        "Revert of 'component:default/cart@local' refused by sourcePaths: folder 'apps/billing' is not in the sourcePaths of project 'cart'",
    });
    expect(await remoteRefs(url)).toBe(before);
  });

  it('pushes the revert when the project allows the repository and folder', async () => {
    const { url, firstSha } = await otherTeamsRepo('own-repo');
    const project = testProject({
      sourceRepos: [server.repoUrl('own-*')],
      sourcePaths: ['apps/billing'],
    });
    const sha = await revert(appIn(url, project), firstSha);
    expect(await remoteRefs(url)).toContain(`${sha}\trefs/heads/main`);
  });
});
