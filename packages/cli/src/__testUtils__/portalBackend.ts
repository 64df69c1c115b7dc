import { freePort, waitUntil } from '@internal/test-env';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../../..');

/** The portal's backend (packages/backend) running as its own process. */
export interface PortalBackend {
  url: string;
  /** A static token of `backend.auth.externalAccess`, unrestricted. */
  staticToken: string;
  /** A static token restricted to `gitops.app.read`. */
  readOnlyToken: string;
  /** A user token of the guest user (member of payments-team), as the portal's sign-in issues it. */
  guestToken(): Promise<string>;
  /** The backend's output so far, for failures. */
  log(): string;
  stop(): Promise<void>;
}

export interface PortalBackendOptions {
  /** Catalog entities, as YAML, next to the example org (guest, payments-team, platform). */
  entitiesYaml: string;
  /** Namespaces the cluster `local` lets apps deploy to. */
  namespaces: string[];
  /** Where the backend keeps its git cache and config. */
  workDir: string;
}

/**
 * Starts packages/backend as the portal runs it (`createBackend` with guest
 * sign-in, the catalog, the permission backend with Slipway's policy and the
 * gitops plugin), on app-config.yaml plus a test layer: a free port, the
 * local control plane as cluster `local`, a project for the test's entities,
 * and two static tokens. Resolves once /api/gitops/health answers.
 */
export async function startPortalBackend(
  options: PortalBackendOptions,
): Promise<PortalBackend> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const staticToken = `cli-test-${randomBytes(12).toString('hex')}`;
  const readOnlyToken = `cli-read-${randomBytes(12).toString('hex')}`;
  const entitiesFile = path.join(options.workDir, 'entities.yaml');
  const configFile = path.join(options.workDir, 'app-config.cli-test.yaml');
  await fs.writeFile(entitiesFile, options.entitiesYaml);
  // JSON is YAML: the backend reads this like any app-config file.
  const config = {
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { host: '127.0.0.1', port },
      cors: { origin: url },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: staticToken, subject: 'cli-pipeline' },
          },
          {
            type: 'static',
            options: { token: readOnlyToken, subject: 'cli-reader' },
            // The gitops plugin reads the entity from the catalog on the
            // caller's behalf; Backstage delegates only plugin-wide access.
            accessRestrictions: [
              { plugin: 'gitops', permission: 'gitops.app.read' },
              { plugin: 'catalog' },
            ],
          },
        ],
      },
    },
    catalog: {
      locations: [
        { type: 'file', target: path.join(repoRoot, 'examples/org.yaml') },
        { type: 'file', target: entitiesFile },
      ],
    },
    slipway: {
      clusters: [
        {
          name: 'local',
          auth: 'kubeconfig',
          kubeconfigPath: process.env.KUBECONFIG,
          namespaces: options.namespaces,
        },
      ],
      // Apps reconcile at start-up, on request and on live changes only.
      sync: {
        intervalSeconds: 3600,
        jitterSeconds: 0,
        catalogRefreshSeconds: 1,
      },
      rollouts: { minIntervalSeconds: 1 },
      cacheDir: path.join(options.workDir, 'cache'),
      permissions: { adminGroups: [] },
      projects: [
        {
          name: 'cli-test',
          owners: ['group:default/payments-team', 'group:default/platform'],
          sourceRepos: ['**'],
          destinations: [{ cluster: 'local', namespaces: options.namespaces }],
        },
      ],
      defaultProject: 'cli-test',
    },
  };
  await fs.writeFile(configFile, JSON.stringify(config, null, 2));

  const env = { ...process.env };
  delete env.NODE_ENV; // Jest's `test`; the portal runs without one
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const log = () => output.split('\n').slice(-80).join('\n');

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>(resolve =>
        setTimeout(() => resolve(false), 30_000).unref(),
      ),
    ]);
    if (!stopped) process.kill(-child.pid!, 'SIGKILL');
  };

  try {
    // The first start transpiles the whole backend: minutes on a busy two-core machine.
    const state = await waitUntil(
      async () => {
        if (child.exitCode !== null) return 'exited';
        const res = await fetch(`${url}/api/gitops/health`);
        return res.ok ? 'up' : undefined;
      },
      {
        description: `the portal backend on ${url} to answer`,
        timeoutMs: 240_000,
        intervalMs: 500,
      },
    );
    if (state === 'exited') throw new Error('the backend exited');
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nbackend log:\n${log()}`);
  }

  // Sign-in stores the user's ownership as the catalog knows it then: sign in
  // again until the catalog has read the guest's membership of payments-team.
  const guestToken = async () =>
    waitUntil(
      async () => {
        const signIn = await fetch(`${url}/api/auth/guest/refresh`, {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        });
        const session = (await signIn.json()) as {
          backstageIdentity?: { token?: string };
        };
        const token = session.backstageIdentity?.token;
        if (!token) return undefined;
        const info = await fetch(`${url}/api/auth/v1/userinfo`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const { claims } = (await info.json()) as {
          claims?: { ent?: string[] };
        };
        return claims?.ent?.includes('group:default/payments-team')
          ? token
          : undefined;
      },
      {
        description: 'a guest token carrying payments-team',
        timeoutMs: 120_000,
        intervalMs: 500,
      },
    );

  return { url, staticToken, readOnlyToken, guestToken, log, stop };
}
