import { waitUntil } from '@internal/test-env';
import { startGitServer, GitServer } from '@internal/test-env/src/gitServer';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { withMaterializedTree } from './materializeTree';
import { runConfigTool } from './runConfigTool';
import { memoryTree } from './testing/memoryTree';
import {
  requireBinary,
  startCountingServer,
  victimSecret,
  victimSecretManifest,
} from './testing/victim';

// The wall itself: tools run through runConfigTool on a materialized tree,
// with no early check in front. Each attack first runs outside the sandbox
// (sandbox: false) to show that it works there, then inside, where it must
// fail without a trace of the victim's secret.

const TOOL_TIMEOUT_MS = 60_000;

function run(
  files: Record<string, string>,
  binary: string,
  args: (appDir: string) => string[],
  options: { sandbox?: boolean; signal?: AbortSignal; bwrap?: string } = {},
): Promise<string> {
  return withMaterializedTree(memoryTree(files), appDir =>
    runConfigTool({
      binary,
      args,
      appDir,
      installHint: 'install it',
      timeoutMs: TOOL_TIMEOUT_MS,
      ...options,
    }),
  );
}

const kustomize = (files: Record<string, string>, sandbox?: boolean) =>
  run(
    files,
    'kustomize',
    dir => ['build', '--load-restrictor', 'LoadRestrictionsRootOnly', dir],
    { sandbox },
  );

const helm = (files: Record<string, string>, sandbox?: boolean) =>
  run(files, 'helm', dir => ['template', 'web', dir, '--namespace', 'x'], {
    sandbox,
  });

/** The message a promise rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<string> {
  const outcome = await promise.then(
    value => ({ value }),
    (error: Error) => ({ error }),
  );
  if (!('error' in outcome)) {
    throw new Error(`expected a failure, got ${String(outcome.value)}`);
  }
  return outcome.error.message;
}

const configMap =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';
const chart = {
  'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'values.yaml': 'token: guess\n',
  'templates/cm.yaml': configMap,
};
/** A schema that leaks its allowed value through Helm's validation error. */
const leakingSchema = (secret: string) =>
  JSON.stringify({
    type: 'object',
    properties: { token: { enum: [secret] } },
  });

let repos: RepoCache;
let secret: string;
let victimFile: string;

beforeAll(async () => {
  requireBinary('bwrap');
  requireBinary('kustomize');
  requireBinary('helm');
  // The real cache folder of this process, as the backend makes it.
  repos = new RepoCache({});
  secret = victimSecret();
  victimFile = path.join(repos.cacheDir, 'victim.json');
  await fs.writeFile(victimFile, leakingSchema(secret));
});
afterAll(async () => {
  await fs.rm(repos.cacheDir, { recursive: true, force: true });
});

describe('the render sandbox', () => {
  it('shows a tool nothing of the backend but the app and shared libraries', async () => {
    // ls and cat are dynamically linked: the sandbox binds their libraries.
    const listing = await run({ 'a.yaml': 'a' }, 'ls', () => ['-1A', '/']);
    expect(listing.trim().split('\n').sort()).toEqual(
      expect.arrayContaining(['app', 'dev', 'proc', 'tmp', 'tool']),
    );
    for (const hidden of ['home', 'root', 'work', 'var', 'run', 'opt']) {
      expect(listing.split('\n')).not.toContain(hidden);
    }
    await expect(
      run({ 'a.yaml': 'a' }, 'ls', () => ['-1A', '/tmp', '/etc']),
    ).resolves.toMatch(/^\/etc:\nld\.so\.cache\n\n\/tmp:\n$/);

    expect(
      await run({}, 'cat', () => [victimFile], { sandbox: false }),
    ).toContain(secret);
    const message = await failure(run({}, 'cat', () => [victimFile]));
    expect(message).toMatch(/^cat failed: .*No such file or directory$/);
    expect(message).not.toContain(secret);
    await expect(
      run({ 'a.yaml': 'own file' }, 'cat', dir => [`${dir}/a.yaml`]),
    ).resolves.toBe('own file');
  }, 60_000);

  it('lets no request out, not even to the backend loopback', async () => {
    const server = await startCountingServer(secret);
    try {
      const app = {
        'kustomization.yaml': `configMapGenerator:\n- name: fetched\n  files:\n  - ${server.url}/leak.txt\n`,
      };
      expect(await kustomize(app, false)).toContain(secret);
      expect(server.requests).toEqual(['/leak.txt']);

      const message = await failure(kustomize(app));
      expect(message).toMatch(/^kustomize failed: Error: /);
      expect(message).not.toContain(secret);
      expect(server.requests).toEqual(['/leak.txt']); // none from the sandbox
    } finally {
      await server.close();
    }
  }, 120_000);

  it("keeps kustomize from cloning another team's repository out of the git cache", async () => {
    let gitServer: GitServer | undefined;
    try {
      gitServer = await startGitServer();
      const url = await gitServer.createBareRepo('team-b', {
        'team/kustomization.yaml': 'resources: [secret.yaml]\n',
        'team/secret.yaml': victimSecretManifest(secret),
      });
      const { sha } = await repos.repo(url).sync('main');
      const cached = (await fs.readdir(repos.cacheDir)).find(f =>
        f.endsWith('.git'),
      );
      const app = {
        'kustomization.yaml': `resources:\n- file://${repos.cacheDir}/${cached}//team?ref=${sha}\n`,
      };
      expect(await kustomize(app, false)).toContain(secret);

      const message = await failure(kustomize(app));
      expect(message).toMatch(/^kustomize failed: Error: /);
      expect(message).not.toContain(secret);
    } finally {
      await gitServer?.close();
    }
  }, 120_000);

  it('keeps helm from following values.schema.json $refs to the network or the disk', async () => {
    const server = await startCountingServer(leakingSchema(secret));
    try {
      for (const ref of [`${server.url}/schema.json`, `file://${victimFile}`]) {
        const app = {
          ...chart,
          'values.schema.json': JSON.stringify({ $ref: ref }),
        };
        expect(await failure(helm(app, false))).toContain(secret);

        const message = await failure(helm(app));
        expect(message).toMatch(/^helm failed: Error: /);
        expect(message).not.toContain(secret);
      }
      expect(server.requests).toEqual(['/schema.json']); // none from the sandbox
    } finally {
      await server.close();
    }
  }, 120_000);

  it('still renders a chart and an overlay', async () => {
    expect(await helm(chart)).toContain('name: settings');
    expect(
      await kustomize({
        'kustomization.yaml': 'resources: [base]\nnamePrefix: p-\n',
        'base/kustomization.yaml':
          'resources: [cm.yaml]\nconfigMapGenerator:\n- name: gen\n  files: [conf.txt]\n',
        'base/cm.yaml': configMap,
        'base/conf.txt': 'x=1',
      }),
    ).toMatch(/name: p-gen-[a-z0-9]+[\s\S]*name: p-settings/);
  }, 60_000);

  it('stops a cancelled tool and the sandbox around it', async () => {
    const marker = `${37 + Math.random()}`;
    const controller = new AbortController();
    const running = run({}, 'sleep', () => [marker], {
      signal: controller.signal,
    });
    const sandboxed = async () => {
      const found: string[] = [];
      for (const pid of await fs.readdir('/proc')) {
        const cmdline = await fs
          .readFile(`/proc/${pid}/cmdline`, 'utf8')
          .catch(() => '');
        if (cmdline.split('\0').includes(marker)) found.push(pid);
      }
      return found;
    };
    await waitUntil(sandboxed, {
      description: 'bwrap and sleep to run with the marker',
      timeoutMs: 20_000,
      intervalMs: 50,
      until: pids => pids.length >= 2,
    });
    controller.abort();
    await expect(running).rejects.toThrow(
      'sleep was cancelled and was stopped',
    );
    await waitUntil(sandboxed, {
      description: 'every process of the sandbox to be gone',
      timeoutMs: 20_000,
      intervalMs: 50,
      until: pids => pids.length === 0,
    });
  }, 60_000);

  it("reports bubblewrap's own failure as the sandbox not starting", async () => {
    const missing = path.join(os.tmpdir(), `slipway-missing-${Date.now()}`);
    await expect(
      runConfigTool({
        binary: 'kustomize',
        args: () => ['version'],
        appDir: missing,
        installHint: 'install it',
      }),
    ).rejects.toThrow(
      `the render sandbox for kustomize could not start: bwrap: Can't find source path ${missing}`,
    );
  });

  it('says how to install bubblewrap when it is missing', async () => {
    await expect(
      run({}, 'kustomize', () => ['version'], { bwrap: '/nonexistent/bwrap' }),
    ).rejects.toThrow(
      /^kustomize renders run in a sandbox with no network and no file outside the app, but bubblewrap \(bwrap\) is not installed on the Slipway backend; install bubblewrap on the Slipway backend \(Debian\/Ubuntu: apt-get install bubblewrap/,
    );
  });
});
