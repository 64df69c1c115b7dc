import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const AUTH = { username: 'slipway', password: 'let-me-in' };

/** App config whose `slipway.gitCredentials` carry `password` for the server's host. */
export function configFor(serverUrl: string, password = AUTH.password) {
  return new ConfigReader({
    slipway: {
      gitCredentials: [
        { host: new URL(serverUrl).host, username: AUTH.username, password },
      ],
    },
  });
}

/** A mock context whose temporary directories are real and recorded. */
export function mockContext(
  input: Record<string, unknown>,
  isDryRun = false,
  workspacePath?: string,
) {
  const tempDirs: string[] = [];
  const ctx = {
    ...createMockActionContext({ input: input as any, workspacePath }),
    isDryRun,
    createTemporaryDirectory: async () => {
      const dir = await fs.promises.mkdtemp(
        path.join(os.tmpdir(), 'slipway-action-'),
      );
      tempDirs.push(dir);
      return dir;
    },
  };
  return { ctx, tempDirs };
}

const onAuth = () => AUTH;

/** The remote's branch SHAs, read over HTTP. */
export async function remoteBranches(
  url: string,
): Promise<Record<string, string>> {
  const refs = await git.listServerRefs({
    http,
    url,
    onAuth,
    prefix: 'refs/heads/',
  });
  return Object.fromEntries(
    refs.map(r => [r.ref.slice('refs/heads/'.length), r.oid]),
  );
}

/** Clones a branch and returns its files and commit history (newest first). */
export async function readBack(url: string, ref = 'main') {
  const dir = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'slipway-readback-'),
  );
  try {
    await git.clone({ fs, http, url, dir, ref, singleBranch: true, onAuth });
    const files: Record<string, string> = {};
    for (const file of await git.listFiles({ fs, dir, ref })) {
      files[file] = await fs.promises.readFile(path.join(dir, file), 'utf8');
    }
    const log = await git.log({ fs, dir, ref });
    return { files, log };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
