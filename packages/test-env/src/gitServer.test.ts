import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git, { Errors } from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { git as gitCli } from './gitCli';
import { GitServer, startGitServer } from './gitServer';

const author = { name: 'Test Pusher', email: 'pusher@slipway.invalid' };

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe('startGitServer', () => {
  const dirs: string[] = [];
  const workDir = () => {
    const dir = tempDir('slipway-git-test-');
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('without auth', () => {
    let server: GitServer;
    beforeAll(async () => {
      server = await startGitServer();
    });
    afterAll(() => server.close());

    it('serves clone, fetch of a later commit, and push', async () => {
      const url = await server.createBareRepo('apps', {
        'podinfo/deployment.yaml': 'kind: Deployment\n',
      });
      expect(url).toBe(`${server.url}/apps.git`);

      const dir = workDir();
      await git.clone({ fs, http, dir, url, singleBranch: true });
      expect(
        fs.readFileSync(path.join(dir, 'podinfo/deployment.yaml'), 'utf8'),
      ).toBe('kind: Deployment\n');

      // A commit made after the clone arrives with fetch.
      const sha = await server.commit(
        'apps',
        { 'podinfo/service.yaml': 'kind: Service\n' },
        'Add service',
      );
      expect(sha).toMatch(/^[0-9a-f]{40}$/);
      const fetched = await git.fetch({ fs, http, dir, url, ref: 'main' });
      expect(fetched.fetchHead).toBe(sha);
      expect(
        await git.resolveRef({ fs, dir, ref: 'refs/remotes/origin/main' }),
      ).toBe(sha);

      // Push a commit on top of the fetched one.
      await git.merge({ fs, dir, ours: 'main', theirs: 'origin/main', author });
      await git.checkout({ fs, dir, ref: 'main', force: true });
      fs.writeFileSync(path.join(dir, 'README.md'), 'pushed\n');
      await git.add({ fs, dir, filepath: 'README.md' });
      const pushedSha = await git.commit({ fs, dir, message: 'Push', author });
      const pushed = await git.push({ fs, http, dir, url, ref: 'main' });
      expect(pushed.ok).toBe(true);

      const bare = path.join(server.root, 'apps.git');
      const home = workDir();
      expect(await gitCli(['rev-parse', 'main'], { cwd: bare, home })).toBe(
        pushedSha,
      );
      expect(
        await gitCli(['log', '--format=%s', 'main'], { cwd: bare, home }),
      ).toBe('Push\nAdd service\nInitial commit');
    });

    it('commits on branches, deletes files and creates tags', async () => {
      const url = await server.createBareRepo('branches', { 'a.txt': 'a' });
      const v1 = await server.commit('branches', { 'b.txt': 'b' }, 'On dev', {
        branch: 'dev',
        tags: ['v1.0.0'],
      });
      await server.commit('branches', { 'a.txt': null }, 'Remove a');

      const refs = await git.listServerRefs({ http, url, prefix: 'refs/' });
      const byRef = Object.fromEntries(refs.map(r => [r.ref, r.oid]));
      expect(byRef['refs/heads/dev']).toBe(v1);
      expect(byRef['refs/tags/v1.0.0']).toBe(v1);

      const dir = workDir();
      await git.clone({ fs, http, dir, url, ref: 'main', singleBranch: true });
      expect(fs.existsSync(path.join(dir, 'a.txt'))).toBe(false);
    });

    it('works with the git CLI (protocol v2) too', async () => {
      const url = await server.createBareRepo('cli', { 'x.txt': 'x' });
      const dir = workDir();
      await gitCli(['clone', '--quiet', url, dir], { cwd: dir, home: dir });
      expect(fs.readFileSync(path.join(dir, 'x.txt'), 'utf8')).toBe('x');
    });

    it('answers 404 for a missing repository', async () => {
      await expect(
        git.listServerRefs({ http, url: `${server.url}/missing.git` }),
      ).rejects.toMatchObject({
        code: Errors.HttpError.code,
        data: { statusCode: 404 },
      });
    });
  });

  describe('with basic auth', () => {
    let server: GitServer;
    const credentials = { username: 'slipway', password: 's3cret' };
    beforeAll(async () => {
      server = await startGitServer({ auth: credentials });
    });
    afterAll(() => server.close());

    it('clones, fetches and pushes with the right credentials', async () => {
      const url = await server.createBareRepo('private', { 'k.yaml': 'k' });
      const onAuth = () => credentials;
      const dir = workDir();
      await git.clone({ fs, http, dir, url, onAuth, singleBranch: true });
      expect(fs.readFileSync(path.join(dir, 'k.yaml'), 'utf8')).toBe('k');

      const sha = await server.commit('private', { 'l.yaml': 'l' }, 'More');
      const fetched = await git.fetch({ fs, http, dir, url, onAuth });
      expect(fetched.fetchHead).toBe(sha);

      await git.checkout({ fs, dir, ref: 'main', force: true });
      await git.merge({ fs, dir, ours: 'main', theirs: 'origin/main', author });
      await git.checkout({ fs, dir, ref: 'main', force: true });
      fs.writeFileSync(path.join(dir, 'm.yaml'), 'm');
      await git.add({ fs, dir, filepath: 'm.yaml' });
      const pushedSha = await git.commit({ fs, dir, message: 'Mine', author });
      const result = await git.push({ fs, http, dir, url, onAuth });
      expect(result.ok).toBe(true);
      const refs = await git.listServerRefs({ http, url, onAuth });
      expect(refs.find(r => r.ref === 'refs/heads/main')?.oid).toBe(pushedSha);
    });

    it('rejects missing credentials with HTTP 401', async () => {
      const url = await server.createBareRepo('locked');
      const error = await git
        .clone({ fs, http, dir: workDir(), url })
        .catch(e => e);
      expect(error).toBeInstanceOf(Errors.HttpError);
      expect(error.code).toBe('HttpError');
      expect(error.message).toBe('HTTP Error: 401 Unauthorized');
      expect(error.data.statusCode).toBe(401);
    });

    it('rejects wrong credentials with HTTP 401', async () => {
      const url = await server.createBareRepo('locked-too', { a: 'a' });
      const onAuthFailure = jest.fn(() => ({ cancel: true }));
      const wrong = await git
        .clone({
          fs,
          http,
          dir: workDir(),
          url,
          onAuth: () => ({ username: 'slipway', password: 'nope' }),
        })
        .catch(e => e);
      expect(wrong).toBeInstanceOf(Errors.HttpError);
      expect(wrong.message).toBe('HTTP Error: 401 Unauthorized');
      expect(wrong.data.statusCode).toBe(401);

      // With onAuthFailure, isomorphic-git reports the rejection as a cancel.
      const cancelled = await git
        .clone({
          fs,
          http,
          dir: workDir(),
          url,
          onAuth: () => ({ username: 'intruder', password: 's3cret' }),
          onAuthFailure,
        })
        .catch(e => e);
      expect(cancelled).toBeInstanceOf(Errors.UserCanceledError);
      expect(onAuthFailure).toHaveBeenCalledTimes(1);
    });

    it('sends WWW-Authenticate: Basic on 401', async () => {
      const res = await fetch(
        `${server.url}/private.git/info/refs?service=git-upload-pack`,
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    });
  });
});
