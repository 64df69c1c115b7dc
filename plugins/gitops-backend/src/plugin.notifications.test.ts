import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Notification } from '@backstage/plugin-notifications-common';
import { testGitServer, waitUntil } from '@internal/test-env';
import request from 'supertest';
import { runAppAction } from './__testUtils__/followOperation';
import {
  annotatedEntity,
  startGitopsBackend,
} from './__testUtils__/startGitopsBackend';
import { ownedEntities } from './notifications/__testUtils__/notificationsBackend';

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const repoName = `notify-${run}`;
const base = '/api/gitops/entities/default/component/payments-shop';

// The whole path of a failed sync: the gitops plugin's engine against the
// local control plane and git server, Backstage's notifications backend in
// the same backend, and the owner's inbox read through its REST API, as
// the portal's Notifications page reads it.
describe('owner notifications from the running plugin', () => {
  const git = testGitServer();

  beforeAll(async () => {
    // The API server refuses a Deployment without a selector: every sync fails.
    await git.createBareRepo(repoName, {
      'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`,
    });
  });

  it('sends the owning group one notification for a sync that keeps failing', async () => {
    const [owned, ...others] = ownedEntities('shop');
    const entity = {
      ...owned,
      ...annotatedEntity('payments-shop', {
        'slipway.dev/repo': git.repoUrl(repoName),
        'slipway.dev/clusters': 'local',
        'slipway.dev/namespace': `notify-${run}`,
      }),
      relations: owned.relations,
    };
    const server = await startGitopsBackend({
      entities: [entity, ...others],
      features: [notificationsPlugin],
    });
    await waitUntil(
      async () => (await request(server).get(`${base}/apps`)).body,
      {
        description: 'the app to be recorded',
        timeoutMs: 30_000,
        until: body => Boolean(body.items?.length),
      },
    );

    for (let i = 0; i < 3; i++) {
      const { operation } = await runAppAction(
        server,
        `${base}/apps/local/sync`,
      );
      expect(operation.status).toBe('Failed');
    }

    const inbox = (user: string) =>
      waitUntil(
        async () => {
          const res = await request(server)
            .get('/api/notifications/notifications')
            .set('Authorization', mockCredentials.user.header(user));
          expect(res.status).toBe(200);
          return res.body.notifications as Notification[];
        },
        {
          description: `${user}'s notifications`,
          until: list => list.length > 0 || user.endsWith('carol'),
        },
      );
    const alice = await inbox('user:default/alice');
    expect(alice).toHaveLength(1);
    expect(alice[0].payload).toMatchObject({
      title: 'Sync of payments-shop on local failed',
      link: '/catalog/default/component/payments-shop/history',
      severity: 'high',
    });
    expect(await inbox('user:default/bob')).toHaveLength(1);
    expect(await inbox('user:default/carol')).toHaveLength(0);
  });
});
