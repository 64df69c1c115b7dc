import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testGitServer, waitUntil } from '@internal/test-env';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import {
  annotatedEntity,
  startGitopsBackend,
} from './__testUtils__/startGitopsBackend';
import { testProject } from './__testUtils__/testProject';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { level: info }\n`;

// The engine reads the catalog at start-up; wait until the app is recorded.
async function appRecorded(server: any, entityBase: string) {
  const res = await waitUntil(
    async () => {
      const answer = await request(server).get(`${entityBase}/apps/local`);
      return { status: answer.status, body: answer.body };
    },
    {
      description: `an app recorded under ${entityBase}`,
      timeoutMs: 30_000,
      // Recorded once reconciled: a valid app has a revision, an invalid one a message.
      until: r =>
        r.status === 200 &&
        Boolean(r.body.app?.revision || r.body.app?.message),
    },
  );
  return res.body.app;
}

describe('audit rows only for apps that exist', () => {
  const git = testGitServer();
  const name = `audited-${run}`;
  const entityBase = `/api/gitops/entities/default/component/${name}`;
  const made = `made-up-${run}`;

  it('answers 404 for an unknown cluster before recording anything, and still records a denied attempt on a real app', async () => {
    await git.createBareRepo(name, { 'cm.yaml': configMap });
    const server = await startGitopsBackend({
      entities: [
        annotatedEntity(name, {
          'slipway.dev/repo': git.repoUrl(name),
          'slipway.dev/clusters': 'local',
          'slipway.dev/namespace': 'default',
        }),
      ],
      // A reader without any write permission: the spammer.
      decide: permission =>
        permission === 'gitops.app.read'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    });
    await appRecorded(server, entityBase);

    for (const action of [
      'sync',
      'refresh',
      'rollback',
      'revert',
      'unpin',
      'rollouts/web/promote',
    ]) {
      const res = await request(server)
        .post(`${entityBase}/apps/${made}/${action}`)
        .send({});
      expect({
        action,
        status: res.status,
        message: res.body.error?.message,
      }).toEqual({
        action,
        status: 404,
        message: `No app 'component:default/${name}@${made}'`,
      });
    }
    const spam = await request(server).get(
      `${entityBase}/audit?cluster=${made}`,
    );
    expect(spam.body).toEqual({ items: [], totalCount: 0 });

    const denied = await request(server)
      .post(`${entityBase}/apps/local/sync`)
      .send({});
    expect(denied.status).toBe(403);
    const trail = await request(server).get(
      `${entityBase}/audit?cluster=local`,
    );
    expect(trail.body).toMatchObject({
      totalCount: 1,
      items: [
        {
          action: 'sync',
          result: 'denied',
          actor: 'user:default/mock',
          message: `Permission 'gitops.sync.trigger' denied on 'component:default/${name}'`,
        },
      ],
    });
  });
});

describe("revert in Git never reaches another team's repository", () => {
  const git = testGitServer();
  const victimRepo = `team-b-${run}`;
  const intruder = `intruder-${run}`;
  const entityBase = `/api/gitops/entities/default/component/${intruder}`;
  const lsRemote = async (url: string) =>
    (await promisify(execFile)('git', ['ls-remote', url])).stdout;

  it('refuses with the project rule, pushes nothing and records the failed attempt', async () => {
    const victimUrl = await git.createBareRepo(victimRepo, {
      'apps/billing/cm.yaml': configMap,
    });
    await git.commit(
      victimRepo,
      { 'apps/billing/cm.yaml': configMap.replace('info', 'debug') },
      'Second',
    );
    const before = await lsRemote(victimUrl);
    // Team A's project holds only team A's repositories.
    const teamA = testProject({
      name: 'team-a',
      owners: ['group:default/team-a'],
      sourceRepos: [git.repoUrl('team-a-*').replace(/\.git$/, '')],
    });
    const server = await startGitopsBackend({
      entities: [
        annotatedEntity(intruder, {
          'slipway.dev/repo': victimUrl,
          'slipway.dev/path': 'apps/billing',
          'slipway.dev/clusters': 'local',
          'slipway.dev/namespace': 'default',
        }),
      ],
      slipway: { projects: [teamA], defaultProject: 'team-a' },
    });
    await appRecorded(server, entityBase);

    const res = await request(server)
      .post(`${entityBase}/apps/local/revert`)
      .send({ runId: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(
      `Refused by sourceRepos: repository '${victimUrl.replace(
        /\.git$/,
        '',
      )}' is not in the sourceRepos of project 'team-a'`,
    );
    expect(await lsRemote(victimUrl)).toBe(before);
    const trail = await request(server).get(
      `${entityBase}/audit?cluster=local`,
    );
    expect(trail.body.items).toEqual([
      expect.objectContaining({
        action: 'revert',
        result: 'failed',
        message: res.body.error.message,
      }),
    ]);
  });
});
