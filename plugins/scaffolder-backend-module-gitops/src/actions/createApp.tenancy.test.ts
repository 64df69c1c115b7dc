import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { GitServer, startGitServer } from '@internal/test-env/src/gitServer';
import fs from 'node:fs/promises';
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

// Each attack on gitops:app:create fails the task with its reason, and the
// GitOps repository keeps the refs it had: nothing is pushed.
describe('gitops:app:create inside projects and permissions', () => {
  let server: GitServer;
  const tempDirs: string[] = [];
  let repoCount = 0;

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

  /** Both teams' projects; payments may only use its own repositories and `apps/payments-*`. */
  const twoProjects = () =>
    configFor(server.url, AUTH.password, {
      projects: [
        permissiveProject,
        {
          name: 'payments',
          owners: ['group:default/payments-team'],
          sourceRepos: [server.repoUrl('payments-*').replace(/\.git$/, '')],
          sourcePaths: ['apps/payments-*'],
          destinations: [{ cluster: '*', namespaces: ['payments-*'] }],
        },
      ],
      defaultProject: 'test',
    });

  const input = (repoUrl: string, extra: Record<string, unknown> = {}) => ({
    repoUrl,
    path: 'apps/payments',
    name: 'payments',
    namespace: 'shop',
    image: 'ghcr.io/example/payments:1.0.0',
    owner: TEST_OWNER,
    ...extra,
  });

  const otherEntity = (
    name: string,
    repoUrl: string,
    path?: string,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'slipway.dev/repo': repoUrl,
        'slipway.dev/clusters': 'staging,production',
        ...(path === undefined ? {} : { 'slipway.dev/path': path }),
      },
    },
    spec: { type: 'service', owner: 'group:default/billing-team' },
  });

  async function run(
    repoUrl: string,
    extra: Record<string, unknown>,
    options: {
      services?: ReturnType<typeof guardServices>;
      config?: ReturnType<typeof configFor>;
      dryRun?: boolean;
    } = {},
  ) {
    const action = createGitopsAppCreateAction({
      config: options.config ?? configFor(server.url),
      ...(options.services ?? guardServices()),
    });
    const { ctx, tempDirs: dirs } = mockContext(
      input(repoUrl, extra),
      options.dryRun,
    );
    try {
      await action.handler(ctx as any);
    } finally {
      tempDirs.push(...dirs);
    }
  }

  /** A repository holding another team's app, and its refs before the attack. */
  async function targetRepo(prefix = 'target') {
    const url = await server.createBareRepo(`${prefix}-${++repoCount}`, {
      'apps/billing/staging/deployment.yaml': 'kind: Deployment\n',
    });
    return { url, before: await remoteBranches(url) };
  }

  async function expectRefused(
    attack: (url: string) => Promise<void>,
    expected: { name: string; message: string | ((url: string) => string) },
    prefix?: string,
  ) {
    const { url, before } = await targetRepo(prefix);
    const message =
      typeof expected.message === 'function'
        ? expected.message(url)
        : expected.message;
    await expect(attack(url)).rejects.toMatchObject({
      name: expected.name,
      message,
    });
    expect(await remoteBranches(url)).toEqual(before);
  }

  it('refuses an initiator without gitops.app.create', async () => {
    await expectRefused(
      url =>
        run(
          url,
          {},
          { services: guardServices({ permission: AuthorizeResult.DENY }) },
        ),
      {
        name: 'NotAllowedError',
        message: "Permission 'gitops.app.create' denied",
      },
    );
  });

  it('refuses an owner that is not an owner of the project, and a project that does not exist', async () => {
    await expectRefused(
      url =>
        run(
          url,
          { owner: 'group:default/billing-team' },
          {
            services: guardServices({
              claims: ['user:default/mock', 'group:default/billing-team'],
            }),
          },
        ),
      {
        name: 'NotAllowedError',
        message:
          "Project 'test' is not open to owner 'group:default/billing-team' (its owners: group:default/test-team)",
      },
    );
    await expectRefused(url => run(url, { project: 'nope' }), {
      name: 'InputError',
      message: "No project 'nope' in slipway.projects",
    });
  });

  it('refuses without a project when none is configured as the default', async () => {
    await expectRefused(
      url =>
        run(
          url,
          {},
          {
            config: configFor(server.url, AUTH.password, {
              projects: [permissiveProject],
            }),
          },
        ),
      {
        name: 'InputError',
        message:
          'No project given and no default project is configured (slipway.defaultProject)',
      },
    );
  });

  it('refuses an initiator outside the owner group, unless in an admin group', async () => {
    const outsider = guardServices({
      claims: ['user:default/mock', 'group:default/billing-team'],
    });
    await expectRefused(url => run(url, {}, { services: outsider }), {
      name: 'NotAllowedError',
      message:
        "'user:default/mock' is not a member of 'group:default/test-team', the owner of the new app",
    });

    const { url } = await targetRepo();
    const admin = guardServices({
      claims: ['user:default/mock', 'group:default/platform'],
    });
    const config = configFor(server.url, AUTH.password, {
      projects: [permissiveProject],
      defaultProject: 'test',
      permissions: { adminGroups: ['group:default/platform'] },
    });
    await run(url, {}, { services: admin, config });
    expect(Object.keys((await readBack(url)).files)).toContain(
      'apps/payments/deployment.yaml',
    );
  });

  it("refuses a repository outside the project's sourceRepos", async () => {
    const payments = guardServices({
      claims: ['user:default/mock', 'group:default/payments-team'],
    });
    await expectRefused(
      url =>
        run(
          url,
          {
            project: 'payments',
            owner: 'group:default/payments-team',
            path: 'apps/payments-api',
          },
          { services: payments, config: twoProjects() },
        ),
      {
        name: 'NotAllowedError',
        message: url =>
          `Refused by sourceRepos: repository '${url.replace(
            /\.git$/,
            '',
          )}' is not in the sourceRepos of project 'payments'`,
      },
    );
  });

  it("refuses a folder outside the project's sourcePaths, even one cluster of a fan-out", async () => {
    const payments = guardServices({
      claims: ['user:default/mock', 'group:default/payments-team'],
    });
    await expectRefused(
      url =>
        run(
          url,
          {
            project: 'payments',
            owner: 'group:default/payments-team',
            path: 'apps/{cluster}',
            clusters: ['payments-staging', 'billing'],
          },
          { services: payments, config: twoProjects() },
        ),
      {
        name: 'NotAllowedError',
        message:
          "Refused by sourcePaths: folder 'apps/billing' is not in the sourcePaths of project 'payments'",
      },
      'payments-repo',
    );
  });

  it.each([
    ['the same folder', 'apps/billing/{cluster}', 'apps/billing/staging'],
    ['a folder inside it', 'apps/billing', 'apps/billing/staging/extra'],
    ['a folder around it', 'apps/billing/staging/db', 'apps/billing'],
    ['the repository root', undefined, 'apps/payments'],
  ])(
    "refuses to write into another entity's folder: %s",
    async (_case, theirPath, ourPath) => {
      await expectRefused(
        url => {
          // The other entity spells the repository without `.git`, with a slash.
          const theirRepo = `${url.replace(/\.git$/, '')}/`;
          const entities = [otherEntity('billing', theirRepo, theirPath)];
          return run(
            url,
            { path: ourPath },
            { services: guardServices({ entities }) },
          );
        },
        {
          name: 'ConflictError',
          message: `Folder '${ourPath}' overlaps '${
            theirPath ?? '/'
          }', where component:default/billing deploys from in the same repository; pick another path`,
        },
      );
    },
  );

  it('refuses on a dry run too, before anything is cloned', async () => {
    await expectRefused(
      url =>
        run(
          url,
          { path: 'apps/billing/{cluster}', clusters: ['staging'] },
          {
            dryRun: true,
            services: guardServices({
              entities: [otherEntity('billing', url, 'apps/billing/{cluster}')],
            }),
          },
        ),
      {
        name: 'ConflictError',
        message:
          "Folder 'apps/billing/staging' overlaps 'apps/billing/{cluster}', where component:default/billing deploys from in the same repository; pick another path",
      },
    );
    for (const dir of tempDirs) expect(await fs.readdir(dir)).toEqual([]);
  });

  it("writes beside other entities' folders, into its own entity's folder again, and where only another repository has the folder", async () => {
    const { url } = await targetRepo();
    const entities = [
      otherEntity('billing', url, 'apps/billing/{cluster}'),
      // Same folder, other repository: no overlap.
      otherEntity('elsewhere', server.repoUrl('other-repo'), 'apps/payments'),
      // The entity this app is for, already registered (a retry).
      {
        ...otherEntity('payments', url, 'apps/payments'),
        spec: { owner: TEST_OWNER },
      },
    ];
    await run(url, {}, { services: guardServices({ entities }) });
    const { files } = await readBack(url);
    expect(files['apps/billing/staging/deployment.yaml']).toBe(
      'kind: Deployment\n',
    );
    expect(Object.keys(files)).toContain('apps/payments/deployment.yaml');
  });
});
