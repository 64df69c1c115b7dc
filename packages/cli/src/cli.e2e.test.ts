import {
  ensureRoutingCrds,
  testGitServer,
  waitUntil,
} from '@internal/test-env';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  component,
  configMap,
  deployment,
  service,
  steppedRollout,
  unknownKind,
} from './__testUtils__/manifests';
import { installBuiltPackage } from './__testUtils__/installedPackage';
import {
  PortalBackend,
  startPortalBackend,
} from './__testUtils__/portalBackend';
import { CliTarget, runSlipway, spawnSlipway } from './__testUtils__/slipway';

// The `slipway` CLI against the portal's own backend (packages/backend in a
// process of its own: guest sign-in, catalog, Slipway's permission policy,
// the gitops plugin) syncing to the local control plane from the test git
// server. Most commands run the real executable, bin/slipway.

jest.setTimeout(300_000);

const suffix = randomBytes(3).toString('hex');
const namespace = `cli-${suffix}`;
const git = testGitServer();
const kubeconfigPath = process.env.KUBECONFIG!;

// Four services: web (payments-team) for sync, history and rollback; shop
// (payments-team) with a canary; ops (platform), which the guest may only
// read; broken (payments-team), whose sync always fails.
const web = `web-${suffix}`;
const shop = `shop-${suffix}`;
const ops = `ops-${suffix}`;
const broken = `broken-${suffix}`;
const ref = (name: string) => `component:default/${name}`;

/** Bounds on the CLI's own waits, well inside each test's time. */
const waitFlags = ['--timeout', '180s', '--interval', '250ms'];

const core = () => {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc.makeApiClient(CoreV1Api);
};

describe('slipway against the running portal backend', () => {
  let backend: PortalBackend;
  let workDir: string;
  let pipeline: CliTarget;
  let firstWebSha: string;

  beforeAll(async () => {
    await ensureRoutingCrds(kubeconfigPath);
    await core().createNamespace({ body: { metadata: { name: namespace } } });
    await git.createBareRepo(web);
    firstWebSha = await git.commit(
      web,
      {
        'deployment.yaml': deployment('web', 'nginx:1.27'),
        'config.yaml': configMap('web-config', 'v1'),
      },
      'web v1',
    );
    await git.createBareRepo(shop, {
      'deployment.yaml': deployment('shop', 'podinfo:1.0.0'),
      'service.yaml': service('shop'),
      'rollout.yaml': steppedRollout('shop'),
    });
    await git.createBareRepo(ops, {
      'config.yaml': configMap('ops-config', 'v1'),
    });
    await git.createBareRepo(broken, { 'widget.yaml': unknownKind('gadget') });

    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-cli-e2e-'));
    backend = await startPortalBackend({
      workDir,
      namespaces: [namespace],
      entitiesYaml: [
        component(
          web,
          'group:default/payments-team',
          git.repoUrl(web),
          namespace,
        ),
        component(
          shop,
          'group:default/payments-team',
          git.repoUrl(shop),
          namespace,
          {
            'slipway.dev/canary': 'shop',
          },
        ),
        component(ops, 'group:default/platform', git.repoUrl(ops), namespace),
        component(
          broken,
          'group:default/payments-team',
          git.repoUrl(broken),
          namespace,
        ),
      ].join('\n---\n'),
    });
    pipeline = { url: backend.url, token: backend.staticToken };

    // The catalog ingests the entities and the engine reads them shortly after start.
    await waitUntil(
      async () => {
        const run = await runSlipway(['app', 'list', '-o', 'json'], pipeline);
        return run
          .json<{ items: Array<{ entityRef: string }> }>()
          .items.map(a => a.entityRef);
      },
      {
        description: 'the four apps to be listed',
        timeoutMs: 180_000,
        intervalMs: 500,
        until: refs =>
          [web, shop, ops, broken].every(n => refs.includes(ref(n))),
      },
    );
  }, 480_000);

  afterAll(async () => {
    await backend?.stop();
    await core()
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    if (workDir) await fs.rm(workDir, { recursive: true, force: true });
  });

  it('lists apps and shows one, as JSON and as text', async () => {
    const list = await spawnSlipway(['app', 'list', '-o', 'json'], pipeline);
    expect({ code: list.code, stderr: list.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const mine = list
      .json<{ items: Array<{ entityRef: string; cluster: string }> }>()
      .items.filter(app => app.entityRef.endsWith(suffix));
    expect(mine.map(a => `${a.entityRef}@${a.cluster}`).sort()).toEqual(
      [broken, ops, shop, web].map(n => `${ref(n)}@local`).sort(),
    );

    const text = await spawnSlipway(
      ['app', 'list', '--cluster', 'local'],
      pipeline,
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^APP\s+CLUSTER\s+SYNC\s+HEALTH\s+REVISION/);
    expect(text.stdout).toMatch(new RegExp(`${ref(web)}\\s+local\\s`));

    // The cluster is found when the entity has one app.
    const get = await spawnSlipway(['app', 'get', web, '-o', 'json'], pipeline);
    expect(get.code).toBe(0);
    const details = get.json();
    expect(details.app).toMatchObject({
      key: `${ref(web)}@local`,
      project: { name: 'cli-test' },
      syncPolicy: 'manual',
    });
    expect(
      details.resources
        .map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`)
        .sort(),
    ).toEqual(['ConfigMap/web-config', 'Deployment/web']);

    const shown = await runSlipway(
      ['app', 'get', `${ref(web)}@local`],
      pipeline,
    );
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`App:`);
    expect(shown.stdout).toMatch(/Deployment\s+cli-\w+\s+web\s/);
  });

  it('runs from its built package, with nothing but Node', async () => {
    const bin = await installBuiltPackage();
    try {
      const get = await spawnSlipway(
        ['app', 'get', `${web}@local`, '-o', 'json'],
        { ...pipeline, bin },
      );
      expect({ code: get.code, stderr: get.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
      expect(get.json().app.key).toBe(`${ref(web)}@local`);
      const help = await spawnSlipway(['app', 'wait', '--help'], {
        ...pipeline,
        bin,
      });
      expect(help.stdout).toMatch(/^Usage: slipway app wait APP \[options\]/);
    } finally {
      await fs.rm(path.dirname(path.dirname(bin)), {
        recursive: true,
        force: true,
      });
    }
  });

  it('answers an unknown entity, cluster or run with exit code 4 and the API message', async () => {
    const entity = await spawnSlipway(
      ['app', 'get', `nobody-${suffix}`],
      pipeline,
    );
    expect(entity).toMatchObject({
      code: 4,
      stderr: `slipway: No entity '${ref(`nobody-${suffix}`)}' (HTTP 404)\n`,
    });
    const cluster = await runSlipway(
      ['app', 'get', `${web}@elsewhere`],
      pipeline,
    );
    expect(cluster).toMatchObject({
      code: 4,
      stderr: `slipway: No app '${ref(web)}@elsewhere' (HTTP 404)\n`,
    });
    const run = await runSlipway(['app', 'rollback', web, '999999'], pipeline);
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(
      `slipway: No sync run with id '999999' on '${ref(
        web,
      )}@local' (HTTP 404)\n`,
    );
  });

  it('syncs an app, then follows the operation until it is Synced and Healthy', async () => {
    const sync = await spawnSlipway(
      ['app', 'sync', web, '-o', 'json'],
      pipeline,
    );
    expect(sync.code).toBe(0);
    const { operation } = sync.json();
    expect(operation).toMatchObject({
      action: 'sync',
      appKey: `${ref(web)}@local`,
    });

    const wait = await spawnSlipway(
      [
        'app',
        'wait',
        web,
        '--operation',
        String(operation.id),
        ...waitFlags,
        '-o',
        'json',
      ],
      pipeline,
    );
    expect({ code: wait.code, stderr: wait.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining(
        `${ref(web)}@local: Synced/Healthy at ${firstWebSha.slice(0, 7)}`,
      ),
    });
    expect(wait.json()).toMatchObject({
      operation: { id: operation.id, status: 'Succeeded' },
      app: {
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: firstWebSha,
      },
    });
  });

  it('ends a wait that cannot succeed at --timeout, with exit code 5 and the last state', async () => {
    // ops is manual and nobody syncs it: it stays OutOfSync.
    const started = Date.now();
    const wait = await spawnSlipway(
      ['app', 'wait', ops, '--timeout', '6s', '--interval', '500ms'],
      pipeline,
    );
    expect(wait.code).toBe(5);
    expect(wait.stderr).toMatch(
      new RegExp(
        `slipway: timed out after 6s waiting for ${ref(
          ops,
        )}@local to be Synced and Healthy; last state: OutOfSync/\\w+ at [0-9a-f]{7}\n$`,
      ),
    );
    // It still prints where the app stood.
    expect(wait.stdout).toMatch(/Sync:\s+OutOfSync/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(6000);
  });

  it('refuses a bad token and a missing one with exit code 3', async () => {
    const bad = await spawnSlipway(['app', 'list'], {
      url: backend.url,
      token: 'not-a-backstage-token',
    });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^slipway: .+ \(HTTP 401\)\n$/);
    expect(bad.stdout).toBe('');

    const none = await runSlipway(['app', 'get', web], { url: backend.url });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/\(HTTP 401\)/);
    expect(none.stderr).toContain('pass --token or set SLIPWAY_TOKEN');
  });

  it('refuses a user, and a token, without the permission with exit code 3 and the API message', async () => {
    const guest = { url: backend.url, token: await backend.guestToken() };
    // The guest may read ops, owned by platform, but not sync it.
    expect((await spawnSlipway(['app', 'get', ops], guest)).code).toBe(0);
    const denied = await spawnSlipway(['app', 'sync', ops], guest);
    expect(denied).toMatchObject({
      code: 3,
      stderr: `slipway: Permission 'gitops.sync.trigger' denied on '${ref(
        ops,
      )}' (HTTP 403)\n`,
    });

    // A static token restricted to reading is refused every action.
    const reader = { url: backend.url, token: backend.readOnlyToken };
    const read = await runSlipway(['app', 'history', web], reader);
    expect({ code: read.code, stderr: read.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const sync = await runSlipway(['app', 'sync', web], reader);
    expect(sync).toMatchObject({
      code: 3,
      stderr: `slipway: Permission 'gitops.sync.trigger' denied on '${ref(
        web,
      )}' (HTTP 403)\n`,
    });
    const promote = await runSlipway(['rollout', 'promote', shop], reader);
    expect(promote.code).toBe(3);
    expect(promote.stderr).toBe(
      `slipway: Permission 'gitops.rollout.control' denied on '${ref(
        shop,
      )}' (HTTP 403)\n`,
    );

    // The guest owns web through payments-team: its sync goes through.
    const own = await spawnSlipway(
      ['app', 'sync', web, '--wait', ...waitFlags, '-o', 'json'],
      guest,
    );
    expect(own.code).toBe(0);
    expect(own.json().operation).toMatchObject({
      status: 'Succeeded',
      initiator: 'user:default/guest',
    });
  });

  it('lists the history and rolls back to an earlier run, pinned, then unpins', async () => {
    const secondSha = await git.commit(
      web,
      { 'config.yaml': configMap('web-config', 'v2') },
      'web: config v2',
    );
    const sync = await spawnSlipway(
      ['app', 'sync', web, '--wait', ...waitFlags, '-o', 'json'],
      pipeline,
    );
    expect(sync.code).toBe(0);
    expect(sync.json().app).toMatchObject({
      revision: secondSha,
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
    });

    const history = await spawnSlipway(
      ['app', 'history', web, '-o', 'json'],
      pipeline,
    );
    expect(history.code).toBe(0);
    const runs: Array<{
      id: number;
      revision: string;
      result: string;
      trigger: string;
    }> = history.json().items;
    expect(runs[0]).toMatchObject({
      revision: secondSha,
      result: 'Succeeded',
      trigger: 'manual',
    });
    const first = runs.find(
      r => r.revision === firstWebSha && r.result === 'Succeeded',
    )!;
    expect(first).toBeDefined();

    const table = await runSlipway(
      ['app', 'history', web, '--limit', '1'],
      pipeline,
    );
    expect(table.stdout).toMatch(
      new RegExp(
        `^ID\\s+RESULT\\s+TRIGGER\\s+REVISION[^\\n]*\\n${
          runs[0].id
        }\\s+Succeeded\\s+manual\\s+${secondSha.slice(0, 7)}`,
      ),
    );
    expect(table.stdout).toMatch(/\(1 of \d+ runs; see --limit and --offset\)/);

    const rollback = await spawnSlipway(
      [
        'app',
        'rollback',
        web,
        String(first.id),
        '--wait',
        ...waitFlags,
        '-o',
        'json',
      ],
      pipeline,
    );
    expect({ code: rollback.code, stderr: rollback.stderr }).toMatchObject({
      code: 0,
    });
    expect(rollback.json()).toMatchObject({
      operation: { action: 'rollback', status: 'Succeeded' },
      app: {
        revision: firstWebSha,
        pinnedRevision: firstWebSha,
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
      },
    });
    const after = await runSlipway(
      ['app', 'history', web, '-o', 'json'],
      pipeline,
    );
    expect(after.json().items[0]).toMatchObject({
      trigger: 'rollback',
      revision: firstWebSha,
      result: 'Succeeded',
    });

    const unpin = await spawnSlipway(
      ['app', 'unpin', web, '--wait', ...waitFlags, '-o', 'json'],
      pipeline,
    );
    expect(unpin.code).toBe(0);
    expect(unpin.json().operation).toMatchObject({
      action: 'unpin',
      status: 'Succeeded',
    });
    const unpinned = await runSlipway(
      ['app', 'get', web, '-o', 'json'],
      pipeline,
    );
    expect(unpinned.json().app.pinnedRevision).toBeUndefined();
  });

  it('ends a failed sync with exit code 6, and refuses a rollback to a failed run with exit code 7', async () => {
    const sync = await spawnSlipway(
      ['app', 'sync', broken, '--wait', ...waitFlags],
      pipeline,
    );
    expect(sync.code).toBe(6);
    expect(sync.stderr).toMatch(
      /slipway: operation \d+ \(sync\) Failed: .+\n$/,
    );

    const history = await runSlipway(
      ['app', 'history', broken, '-o', 'json'],
      pipeline,
    );
    const failed = history
      .json()
      .items.find((r: { result: string }) => r.result === 'Failed');
    expect(failed).toBeDefined();
    const rollback = await spawnSlipway(
      ['app', 'rollback', broken, String(failed.id)],
      pipeline,
    );
    expect(rollback).toMatchObject({
      code: 7,
      stderr: `slipway: Sync run '${failed.id}' did not succeed; only successful runs can be rolled back to (HTTP 409)\n`,
    });
  });

  it('follows a canary: sync --wait --rollout, get, promote, abort and retry', async () => {
    const rolloutOf = async () =>
      (
        await runSlipway(
          ['rollout', 'get', shop, 'shop', '-o', 'json'],
          pipeline,
        )
      ).json().rollout;
    const rolloutUntil = (description: string, until: (r: any) => boolean) =>
      waitUntil(rolloutOf, {
        description,
        timeoutMs: 120_000,
        intervalMs: 250,
        until,
      });

    // First delivery: the engine takes the workload over (primary, services, route).
    const first = await spawnSlipway(
      ['app', 'sync', shop, '--wait', '--rollout', ...waitFlags, '-o', 'json'],
      pipeline,
    );
    expect({
      code: first.code,
      stderr: first.code ? first.stderr : '',
    }).toEqual({ code: 0, stderr: '' });
    expect(first.json().rollouts).toEqual([
      expect.objectContaining({
        name: 'shop',
        kind: 'Rollout',
        errors: [],
        status: expect.objectContaining({ phase: 'Initialized' }),
      }),
    ]);

    // A new image runs as a canary and stops at the pause step.
    await git.commit(
      shop,
      { 'deployment.yaml': deployment('shop', 'podinfo:1.1.0') },
      'shop 1.1.0',
    );
    expect(
      (
        await spawnSlipway(
          ['app', 'sync', shop, '--wait', ...waitFlags],
          pipeline,
        )
      ).code,
    ).toBe(0);
    await rolloutUntil(
      'the canary to wait at its pause step',
      r => r.status?.pause?.reason === 'pause step',
    );

    // Nobody promotes: a wait for the rollout times out, saying where it stands.
    const held = await spawnSlipway(
      [
        'app',
        'wait',
        shop,
        '--rollout',
        '--timeout',
        '6s',
        '--interval',
        '500ms',
      ],
      pipeline,
    );
    expect(held.code).toBe(5);
    expect(held.stderr).toContain(
      `slipway: timed out after 6s waiting for the rollouts of ${ref(
        shop,
      )}@local to finish; last state: rollout shop Waiting at 20% (pause step)`,
    );

    const shown = await spawnSlipway(['rollout', 'get', shop], pipeline);
    expect(shown.stdout).toMatch(
      /^ROLLOUT\s+KIND\s+STRATEGY\s+PROVIDER\s+PHASE\s+WEIGHT/,
    );
    expect(shown.stdout).toMatch(
      /shop\s+Rollout\s+steps\s+istio\s+Waiting\s+20\s/,
    );
    const detail = await spawnSlipway(
      ['rollout', 'get', shop, 'shop', '-o', 'json'],
      pipeline,
    );
    expect(detail.json()).toMatchObject({
      rollout: { name: 'shop', status: { phase: 'Waiting', canaryWeight: 20 } },
      runs: [expect.objectContaining({ result: 'Running' })],
    });
    expect(detail.json().events.length).toBeGreaterThan(0);

    const promote = await spawnSlipway(
      ['rollout', 'promote', shop, '-o', 'json'],
      pipeline,
    );
    expect(promote.code).toBe(0);
    expect(promote.json()).toMatchObject({
      rollout: 'shop',
      action: 'promote',
    });
    const done = await spawnSlipway(
      ['app', 'wait', shop, '--rollout', ...waitFlags, '-o', 'json'],
      pipeline,
    );
    expect({ code: done.code, stderr: done.code ? done.stderr : '' }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(done.json().rollouts[0].status.phase).toBe('Succeeded');

    // Nothing is held now: promote does not apply.
    const again = await runSlipway(['rollout', 'promote', shop], pipeline);
    expect(again.code).toBe(7);
    expect(again.stderr).toMatch(/^slipway: .+ \(HTTP 409\)\n$/);

    // The next image is aborted at its pause: the wait for it fails with exit code 6.
    await git.commit(
      shop,
      { 'deployment.yaml': deployment('shop', 'podinfo:1.2.0') },
      'shop 1.2.0',
    );
    expect(
      (
        await spawnSlipway(
          ['app', 'sync', shop, '--wait', ...waitFlags],
          pipeline,
        )
      ).code,
    ).toBe(0);
    await rolloutUntil(
      'the next canary to wait at its pause step',
      r => r.status?.pause?.reason === 'pause step',
    );
    const abort = await spawnSlipway(
      ['rollout', 'abort', shop, 'shop'],
      pipeline,
    );
    expect(abort.code).toBe(0);
    expect(abort.stdout).toMatch(
      new RegExp(`^Rollout shop of ${ref(shop)}@local: abort accepted; now `),
    );
    const failed = await spawnSlipway(
      ['app', 'wait', shop, '--rollout', ...waitFlags],
      pipeline,
    );
    expect(failed.code).toBe(6);
    expect(failed.stderr).toMatch(
      /slipway: rollout shop Failed: .+ \(run \d+ Aborted: .*aborted by request\)\n$/,
    );

    // Retry runs the same revision again, back to the pause.
    const retry = await spawnSlipway(['rollout', 'retry', shop], pipeline);
    expect(retry.code).toBe(0);
    await rolloutUntil(
      'the retried canary to wait at its pause step',
      r => r.status?.pause?.reason === 'pause step',
    );

    const unknown = await runSlipway(
      ['rollout', 'promote', shop, 'nope'],
      pipeline,
    );
    expect(unknown).toMatchObject({
      code: 4,
      stderr: `slipway: No rollout 'nope' on ${ref(
        shop,
      )}@local (rollouts: shop)\n`,
    });
  });
});
