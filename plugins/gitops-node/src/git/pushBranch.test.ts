import { ConfigReader } from '@backstage/config';
import { startGitServer, GitServer } from '@internal/test-env/src/gitServer';
import git from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigGitCredentialsProvider } from './gitCredentials';
import { pushBranch } from './pushBranch';

const AUTH = { username: 'deployer', password: 'push-secret' };
const AUTHOR = { name: 'Slipway', email: 'slipway@noreply.local' };

describe('pushBranch over smart HTTP', () => {
  let server: GitServer;
  let host: string;
  const workDirs: string[] = [];

  beforeAll(async () => {
    server = await startGitServer({ auth: AUTH });
    host = new URL(server.url).host;
  });
  afterAll(() => server.close());
  afterEach(async () => {
    for (const dir of workDirs.splice(0)) {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  });

  const credentials = (password = AUTH.password) =>
    ConfigGitCredentialsProvider.fromConfig(
      new ConfigReader({
        slipway: {
          gitCredentials: [{ host, username: AUTH.username, password }],
        },
      }),
    );

  /** The remote's main branch, read with the right credentials. */
  const remoteMain = async (url: string) => {
    const refs = await git.listServerRefs({
      http: nodeHttp,
      url,
      prefix: 'refs/heads/main',
      onAuth: () => AUTH,
    });
    return refs.find(r => r.ref === 'refs/heads/main')?.oid;
  };

  /** A clone of `url` with one more commit on main; returns its folder and the commit. */
  async function cloneWithCommit(url: string, file: string) {
    const dir = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'slipway-push-test-'),
    );
    workDirs.push(dir);
    await git.clone({
      fs,
      http: nodeHttp,
      dir,
      url,
      ref: 'main',
      singleBranch: true,
      depth: 1,
      onAuth: () => AUTH,
    });
    await fs.promises.writeFile(path.join(dir, file), `${file}\n`);
    await git.add({ fs, dir, filepath: file });
    const sha = await git.commit({
      fs,
      dir,
      message: `Add ${file}`,
      author: AUTHOR,
    });
    return { dir, sha };
  }

  it('pushes a commit with the credentials configured for the host', async () => {
    const url = await server.createBareRepo('pushed', { 'a.txt': 'a\n' });
    const { dir, sha } = await cloneWithCommit(url, 'b.txt');

    await pushBranch({
      url,
      credentials: credentials(),
      http: nodeHttp,
      dir,
      ref: 'main',
      remoteRef: 'refs/heads/main',
    });

    expect(await remoteMain(url)).toBe(sha);
  });

  it('refuses to overwrite a branch that moved since it was fetched', async () => {
    const url = await server.createBareRepo('moved', { 'a.txt': 'a\n' });
    const { dir } = await cloneWithCommit(url, 'b.txt');
    const theirs = await server.commit('moved', { 'c.txt': 'c\n' }, 'Theirs');

    const error = await pushBranch({
      url,
      credentials: credentials(),
      http: nodeHttp,
      dir,
      ref: 'main',
      remoteRef: 'refs/heads/main',
    }).catch(e => e);

    expect(error).toMatchObject({
      name: 'GitSourceError',
      reason: 'refused',
      message: `Push to refs/heads/main of ${url} was rejected: the branch moved since it was fetched (not a fast-forward); try again`,
    });
    expect(await remoteMain(url)).toBe(theirs);
  });

  it("reports the server's refusal with its reason", async () => {
    const url = await server.createBareRepo('hooked', { 'a.txt': 'a\n' });
    const before = await remoteMain(url);
    const hook = path.join(server.root, 'hooked.git', 'hooks', 'pre-receive');
    await fs.promises.writeFile(hook, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const { dir } = await cloneWithCommit(url, 'b.txt');

    const error = await pushBranch({
      url,
      credentials: credentials(),
      http: nodeHttp,
      dir,
      ref: 'main',
      remoteRef: 'refs/heads/main',
    }).catch(e => e);

    expect(error).toMatchObject({ name: 'GitSourceError', reason: 'refused' });
    expect(error.message).toMatch(
      `Push to refs/heads/main of ${url} was rejected by the server: `,
    );
    expect(error.message).toMatch('refs/heads/main: pre-receive hook declined');
    expect(await remoteMain(url)).toBe(before);
  });

  it('reports wrong and missing credentials without leaking any', async () => {
    const url = await server.createBareRepo('locked', { 'a.txt': 'a\n' });
    const before = await remoteMain(url);
    const { dir } = await cloneWithCommit(url, 'b.txt');
    const push = (options: Partial<Parameters<typeof pushBranch>[0]>) =>
      pushBranch({
        url,
        http: nodeHttp,
        dir,
        ref: 'main',
        remoteRef: 'refs/heads/main',
        ...options,
      }).catch(e => e);

    const wrong = await push({ credentials: credentials('not-the-password') });
    expect(wrong).toMatchObject({
      name: 'GitSourceError',
      reason: 'auth',
      httpStatus: 401,
      message: `Authentication failed for git repository ${url} at revision 'refs/heads/main' (HTTP 401): check the credentials configured for this host in integrations or slipway.gitCredentials`,
    });

    const missing = await push({});
    expect(missing).toMatchObject({
      reason: 'auth',
      message: `Git repository ${url} at revision 'refs/heads/main' requires authentication and no credentials are configured for its host`,
    });

    const inUrl = new URL(url);
    inUrl.username = 'deployer';
    inUrl.password = 'typed-into-the-url';
    const masked = await push({ url: inUrl.toString() });
    expect(masked).toMatchObject({ reason: 'auth' });
    expect(masked.message).toContain('http://***@127.0.0.1');
    expect(masked.message).not.toContain('typed-into-the-url');

    expect(await remoteMain(url)).toBe(before);
  });
});
