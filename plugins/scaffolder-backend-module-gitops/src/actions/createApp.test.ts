import { ConfigReader } from '@backstage/config';
import { GitServer, startGitServer } from '@internal/test-env/src/gitServer';
import fs from 'node:fs/promises';
import { parse } from 'yaml';
import {
  AUTH,
  configFor,
  guardServices,
  mockContext,
  permissiveProject,
  readBack,
  remoteBranches,
  TEST_OWNER,
} from '../__testUtils__/gitTestUtils';
import { createGitopsAppCreateAction } from './createApp';

describe('gitops:app:create against a real git server', () => {
  let server: GitServer;
  const tempDirs: string[] = [];

  beforeAll(async () => {
    server = await startGitServer({ auth: AUTH });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(async () => {
    for (const dir of tempDirs.splice(0)) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  const baseInput = (repoUrl: string) => ({
    repoUrl,
    path: 'apps/payments',
    name: 'payments',
    namespace: 'shop',
    image: 'ghcr.io/example/payments:1.0.0',
    port: 9090,
    owner: TEST_OWNER,
  });

  async function run(
    input: Record<string, unknown>,
    config = configFor(server.url),
    dryRun = false,
    services = guardServices(),
  ) {
    const action = createGitopsAppCreateAction({ config, ...services });
    const { ctx, tempDirs: dirs } = mockContext(input, dryRun);
    try {
      await action.handler(ctx as any);
    } finally {
      tempDirs.push(...dirs);
    }
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return { outputs, dirs };
  }

  it('writes the manifests and canary document, commits and pushes to the default branch', async () => {
    const url = await server.createBareRepo('direct', {
      'README.md': 'gitops\n',
    });
    const { outputs } = await run({
      ...baseInput(url),
      canary: {
        provider: 'nginx',
        interval: '30s',
        stepWeight: 20,
        successRate: 98,
        latencyMs: 300,
        loadTest: true,
      },
      commitMessage: 'Add payments',
      author: { name: 'Ada', email: 'ada@example.com' },
    });

    const { files, log } = await readBack(url);
    expect(outputs).toEqual({
      commitSha: log[0].oid,
      branch: 'main',
      path: 'apps/payments',
      paths: ['apps/payments'],
    });
    expect(log).toHaveLength(2);
    expect(log[0].commit.message).toBe('Add payments\n');
    expect(log[0].commit.author).toMatchObject({
      name: 'Ada',
      email: 'ada@example.com',
    });
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'apps/payments/canary.yaml',
      'apps/payments/deployment.yaml',
      'apps/payments/hpa.yaml',
      // The nginx router needs an Ingress to copy (spec.ingressRef).
      'apps/payments/ingress.yaml',
      'apps/payments/service.yaml',
    ]);
    expect(
      parse(files['apps/payments/ingress.yaml']).spec.rules[0].http.paths[0]
        .backend,
    ).toEqual({
      service: { name: 'payments', port: { number: 80 } },
    });

    const deployment = parse(files['apps/payments/deployment.yaml']);
    expect(deployment.metadata).toMatchObject({
      name: 'payments',
      namespace: 'shop',
    });
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      image: 'ghcr.io/example/payments:1.0.0',
      ports: [{ name: 'http', containerPort: 9090 }],
    });
    expect(parse(files['apps/payments/hpa.yaml']).spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 4,
    });

    const canary = parse(files['apps/payments/canary.yaml']);
    expect(canary).toMatchObject({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      spec: {
        provider: 'nginx',
        targetRef: { kind: 'Deployment', name: 'payments' },
        ingressRef: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          name: 'payments',
        },
      },
    });
    expect(canary.spec.analysis).toEqual({
      interval: '30s',
      threshold: 5,
      maxWeight: 50,
      stepWeight: 20,
      metrics: [
        {
          name: 'request-success-rate',
          thresholdRange: { min: 98 },
          interval: '1m',
        },
        {
          name: 'request-duration',
          thresholdRange: { max: 300 },
          interval: '1m',
        },
      ],
      webhooks: [
        expect.objectContaining({
          name: 'load-test',
          url: 'http://flagger-loadtester.test/',
          metadata: { cmd: expect.stringContaining('payments-canary.shop') },
        }),
      ],
    });
  });

  it('writes no canary document without canary settings, and iterations for blue/green', async () => {
    const url = await server.createBareRepo('plain', { 'README.md': 'x\n' });
    await run(baseInput(url));
    expect(Object.keys((await readBack(url)).files)).not.toContain(
      'apps/payments/canary.yaml',
    );

    const blueGreen = await server.createBareRepo('bluegreen', {
      'README.md': 'x\n',
    });
    await run({
      ...baseInput(blueGreen),
      canary: { strategy: 'blueGreen', iterations: 3 },
    });
    const { analysis } = parse(
      (await readBack(blueGreen)).files['apps/payments/canary.yaml'],
    ).spec;
    expect(analysis.iterations).toBe(3);
    expect(analysis).not.toHaveProperty('stepWeight');
  });

  it('refuses weighted canaries on the kubernetes provider, which has no router', async () => {
    await expect(
      run({
        ...baseInput(server.repoUrl('unused')),
        canary: { provider: 'kubernetes' },
      }),
    ).rejects.toThrow(/only supports the blueGreen strategy/);
  });

  it('refuses a Gateway API router without the Gateway its HTTPRoute attaches to', async () => {
    await expect(
      run({
        ...baseInput(server.repoUrl('unused')),
        canary: { provider: 'gatewayapi:v1' },
      }),
    ).rejects.toThrow(
      'Canary provider "gatewayapi:v1" needs canary.gateway: the Gateway (namespace/name) the HTTPRoute attaches to',
    );
  });

  it('fans out per cluster in one commit', async () => {
    const url = await server.createBareRepo('fanout', { 'README.md': 'x\n' });
    const { outputs } = await run({
      ...baseInput(url),
      path: 'clusters/{cluster}/payments',
      clusters: ['staging', 'production'],
    });
    expect(outputs.path).toBe('clusters/{cluster}/payments');
    expect(outputs.paths).toEqual([
      'clusters/staging/payments',
      'clusters/production/payments',
    ]);
    const { files, log } = await readBack(url);
    expect(log).toHaveLength(2);
    for (const cluster of ['staging', 'production']) {
      expect(files[`clusters/${cluster}/payments/deployment.yaml`]).toContain(
        'payments',
      );
    }
  });

  it('pushes to a new branch, leaving the base branch alone', async () => {
    const url = await server.createBareRepo('branch', { 'README.md': 'x\n' });
    const before = await remoteBranches(url);
    const { outputs } = await run({
      ...baseInput(url),
      targetBranch: 'add-payments',
    });

    const after = await remoteBranches(url);
    expect(after.main).toBe(before.main);
    expect(after['add-payments']).toBe(outputs.commitSha);
    expect(outputs.branch).toBe('add-payments');
    const { log } = await readBack(url, 'add-payments');
    expect(log[1].oid).toBe(before.main);
  });

  it('creates the first commit of an empty repository', async () => {
    const url = await server.createBareRepo('empty');
    const { outputs } = await run(baseInput(url));
    expect((await remoteBranches(url)).main).toBe(outputs.commitSha);
  });

  it('makes no second commit when retried, directly or on a branch', async () => {
    const url = await server.createBareRepo('retry', { 'README.md': 'x\n' });
    const first = await run(baseInput(url));
    const second = await run(baseInput(url));
    expect(second.outputs.commitSha).toBe(first.outputs.commitSha);
    expect((await readBack(url)).log).toHaveLength(2);

    const onBranch = {
      ...baseInput(url),
      path: 'apps/other',
      targetBranch: 'other',
    };
    const a = await run(onBranch);
    const b = await run(onBranch);
    expect(b.outputs.commitSha).toBe(a.outputs.commitSha);
    expect((await remoteBranches(url)).other).toBe(a.outputs.commitSha);
  });

  it('fails clearly with wrong credentials and pushes nothing', async () => {
    const url = await server.createBareRepo('wrongcreds', {
      'README.md': 'x\n',
    });
    const before = await remoteBranches(url);
    await expect(
      run(baseInput(url), configFor(server.url, 'wrong-password')),
    ).rejects.toThrow(
      /Authentication failed for git repository .*wrongcreds\.git \(HTTP 401\)/,
    );
    expect(await remoteBranches(url)).toEqual(before);
  });

  it('fails clearly without credentials for the host', async () => {
    const url = await server.createBareRepo('nocreds', { 'README.md': 'x\n' });
    const noCredentials = new ConfigReader({
      slipway: { projects: [permissiveProject], defaultProject: 'test' },
    });
    await expect(run(baseInput(url), noCredentials)).rejects.toThrow(
      /requires authentication and no credentials are configured/,
    );
  });

  it.each([
    ['../escape'],
    ['apps/../../escape'],
    ['/etc/slipway'],
    ['.git/hooks'],
    ['{cluster}'],
  ])('refuses path %s before writing anything', async badPath => {
    const url = await server.createBareRepo(
      `escape-${tempDirs.length}-${Date.now()}`,
      {
        'README.md': 'x\n',
      },
    );
    const before = await remoteBranches(url);
    const action = createGitopsAppCreateAction({
      config: configFor(server.url),
      ...guardServices(),
    });
    const input = {
      ...baseInput(url),
      path: badPath,
      clusters: badPath === '{cluster}' ? ['..'] : [],
    };
    const { ctx, tempDirs: dirs } = mockContext(input);
    await expect(action.handler(ctx as any)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /outside the GitOps repository|\.git folder/,
      ),
    });
    tempDirs.push(...dirs);
    for (const dir of dirs) expect(await fs.readdir(dir)).toEqual([]);
    expect(await remoteBranches(url)).toEqual(before);
  });

  it('refuses {cluster} without clusters', async () => {
    const url = server.repoUrl('unused');
    await expect(
      run({ ...baseInput(url), path: 'apps/{cluster}' }),
    ).rejects.toThrow(/contains \{cluster\} but no clusters were given/);
  });

  it('pushes nothing on a dry run', async () => {
    const url = await server.createBareRepo('dryrun', { 'README.md': 'x\n' });
    const before = await remoteBranches(url);
    const { outputs } = await run(baseInput(url), configFor(server.url), true);
    expect(outputs).toMatchObject({
      commitSha: 'dry-run',
      paths: ['apps/payments'],
    });
    expect(await remoteBranches(url)).toEqual(before);
  });
});
