import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitRepos, gitRepos } from './gitRepos';

export interface TestGitServer extends GitRepos {
  url: string;
  /** The same repositories behind basic auth. */
  authUrl: string;
  credentials: { username: string; password: string };
}

/**
 * From a test worker: the git server the global setup started (SLIPWAY_TEST_ENV
 * includes `git`), with helpers that seed repositories in its folder.
 */
export function testGitServer(): TestGitServer {
  const { SLIPWAY_TEST_GIT_URL: url, SLIPWAY_TEST_GIT_ROOT: root } =
    process.env;
  if (!url || !root) {
    throw new Error(
      'No test git server: run the suite with the @internal/test-env globalSetup and SLIPWAY_TEST_ENV including "git"',
    );
  }
  // An empty HOME shared by workers keeps user git config out.
  const home = path.join(os.tmpdir(), 'slipway-git-home');
  fs.mkdirSync(home, { recursive: true });
  return {
    url,
    authUrl: process.env.SLIPWAY_TEST_GIT_AUTH_URL ?? '',
    credentials: {
      username: process.env.SLIPWAY_TEST_GIT_USERNAME ?? '',
      password: process.env.SLIPWAY_TEST_GIT_PASSWORD ?? '',
    },
    ...gitRepos(root, url, home),
  };
}
