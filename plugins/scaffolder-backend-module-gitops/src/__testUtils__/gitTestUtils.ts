import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const AUTH = { username: 'slipway', password: 'let-me-in' };

/** The group that owns the test project, and the mock user's group. */
export const TEST_OWNER = 'group:default/test-team';

/** A project open to {@link TEST_OWNER} for any repository and folder. */
export const permissiveProject = {
  name: 'test',
  owners: [TEST_OWNER],
  sourceRepos: ['**'],
  destinations: [{ cluster: '*', namespaces: ['*'] }],
};

/**
 * App config whose `slipway.gitCredentials` carry `password` for the
 * server's host; `slipway.projects` default to the permissive test project.
 */
export function configFor(
  serverUrl: string,
  password = AUTH.password,
  slipway: Record<string, unknown> = {
    projects: [permissiveProject],
    defaultProject: 'test',
  },
) {
  return new ConfigReader({
    slipway: {
      gitCredentials: [
        { host: new URL(serverUrl).host, username: AUTH.username, password },
      ],
      ...slipway,
    },
  });
}

/**
 * The services `gitops:app:create` checks with: a fixed permission answer,
 * an in-memory catalog holding `entities`, and the mock user (the mock
 * context's initiator) claiming `claims`.
 */
export function guardServices(
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    entities?: Entity[];
    claims?: string[];
  } = {},
) {
  return {
    permissions: mockServices.permissions({
      result: options.permission ?? AuthorizeResult.ALLOW,
    }),
    catalog: catalogServiceMock({ entities: options.entities ?? [] }),
    auth: mockServices.auth(),
    userInfo: mockServices.userInfo({
      ownershipEntityRefs: options.claims ?? ['user:default/mock', TEST_OWNER],
    }),
  };
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
