import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import globalSetup from './globalSetup';
import globalTeardown from './globalTeardown';
import {
  kubeAlreadyRunning,
  parseComponents,
  setupTestEnv,
  teardownTestEnv,
} from './testEnv';
import { testGitServer } from './testGitServer';

jest.setTimeout(120_000);

const VARS = [
  'SLIPWAY_TEST_ENV',
  'SLIPWAY_TEST_GIT_URL',
  'SLIPWAY_TEST_GIT_ROOT',
  'SLIPWAY_TEST_GIT_AUTH_URL',
  'SLIPWAY_TEST_GIT_USERNAME',
  'SLIPWAY_TEST_GIT_PASSWORD',
  'SLIPWAY_TEST_PROMETHEUS_URL',
  'SLIPWAY_TEST_SIMULATOR_URL',
  'SLIPWAY_TEST_SIMULATOR_APPS',
  'KUBECONFIG',
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
  'SLIPWAY_TEST_POSTGRES_CONNECTION_STRING',
];

describe('test environment', () => {
  const saved = Object.fromEntries(VARS.map(v => [v, process.env[v]]));
  afterEach(async () => {
    await teardownTestEnv();
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
  });

  it('parses the component list and rejects unknown names', () => {
    expect(parseComponents(' git, prometheus,git ')).toEqual([
      'git',
      'prometheus',
    ]);
    expect(parseComponents(undefined)).toEqual([]);
    expect(() => parseComponents('git,mysql')).toThrow(
      'SLIPWAY_TEST_ENV: unknown component "mysql" (known: postgres, git, kube, prometheus, upstream)',
    );
  });

  it('starts git and prometheus from SLIPWAY_TEST_ENV, exports them, and stops them', async () => {
    process.env.SLIPWAY_TEST_ENV = 'prometheus,git';
    await globalSetup({});

    // Git: seed through the shared folder, read over both servers.
    const server = testGitServer();
    const url = await server.createBareRepo('env-check', { 'a.txt': 'a' });
    const refs = await git.listServerRefs({ http, url });
    expect(refs.map(r => r.ref)).toContain('refs/heads/main');
    const authUrl = `${process.env.SLIPWAY_TEST_GIT_AUTH_URL}/env-check.git`;
    await expect(git.listServerRefs({ http, url: authUrl })).rejects.toThrow(
      'HTTP Error: 401 Unauthorized',
    );
    const authRefs = await git.listServerRefs({
      http,
      url: authUrl,
      onAuth: () => server.credentials,
    });
    expect(authRefs).toEqual(refs);

    // Prometheus + simulator: drive the simulator over HTTP as a worker would.
    const simulator = process.env.SLIPWAY_TEST_SIMULATOR_URL!;
    const prometheus = process.env.SLIPWAY_TEST_PROMETHEUS_URL!;
    await fetch(`${simulator}/apps/podinfo/weights`, {
      method: 'PUT',
      body: JSON.stringify({ canary: 10 }),
    });
    expect((await fetch(`${prometheus}/-/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${simulator}/metrics`)).text();
    expect(metrics).toContain('destination_workload_namespace="test"');

    const gitRoot = process.env.SLIPWAY_TEST_GIT_ROOT!;
    await globalTeardown();
    await expect(fetch(`${prometheus}/-/ready`)).rejects.toThrow();
    await expect(fetch(`${simulator}/metrics`)).rejects.toThrow();
    await expect(git.listServerRefs({ http, url })).rejects.toThrow();
    expect(fs.existsSync(gitRoot)).toBe(false);
  });

  it('fails naming the component and the reason, and stops what it started', async () => {
    delete process.env.KUBECONFIG;
    process.env.SLIPWAY_TEST_SIMULATOR_APPS = 'test/podinfo:istio';
    const before = fs
      .readdirSync(os.tmpdir())
      .filter(f => f.startsWith('slipway-git-'));
    await expect(setupTestEnv(['git', 'prometheus'])).rejects.toThrow(
      'Slipway test environment: prometheus could not start: traffic simulator: apps with a routing source need kubeconfigPath',
    );
    // The git server started first was closed and its folder removed.
    const after = fs
      .readdirSync(os.tmpdir())
      .filter(f => f.startsWith('slipway-git-'));
    expect(after.filter(f => !before.includes(f))).toEqual([]);
    await expect(
      fetch(`${process.env.SLIPWAY_TEST_GIT_URL}/`),
    ).rejects.toThrow();
  });

  it('starts PostgreSQL through scripts/infra/postgres.sh', async () => {
    await setupTestEnv(['postgres']);
    const connection =
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING!;
    expect(connection).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+$/);
    const out = execFileSync('psql', [connection, '-tAc', 'select 1']);
    expect(out.toString().trim()).toBe('1');
  });
});

describe('test environment with kube', () => {
  const saved = process.env.KUBECONFIG;
  afterEach(async () => {
    await teardownTestEnv();
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  });

  it('exports KUBECONFIG and stops the control plane only if it started it', async () => {
    const wasRunning = await kubeAlreadyRunning();
    await setupTestEnv(['kube']);
    expect(fs.existsSync(process.env.KUBECONFIG!)).toBe(true);
    expect(process.env.SLIPWAY_TEST_KUBE_SERVER).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+$/,
    );
    expect(await kubeAlreadyRunning()).toBe(true);
    await teardownTestEnv();
    expect(await kubeAlreadyRunning()).toBe(wasRunning);
  });
});
