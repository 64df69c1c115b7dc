import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import type { Notification } from '@backstage/plugin-notifications-common';
import {
  notificationService,
  type NotificationService,
} from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { OwnerNotifier } from '../OwnerNotifier';
import {
  readNotificationSettings,
  type NotificationSettings,
} from '../notificationSettings';
import { ConfigReader } from '@backstage/config';

/** The owners of `component:default/payments-<suffix>`: team-a, whose members are alice and bob. */
export function ownedEntities(...suffixes: string[]): Entity[] {
  return [
    ...suffixes.map(suffix => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `payments-${suffix}`, namespace: 'default' },
      spec: {
        type: 'service',
        owner: 'group:default/team-a',
        lifecycle: 'production',
      },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
    })),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-a', namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [
        { type: 'hasMember', targetRef: 'user:default/alice' },
        { type: 'hasMember', targetRef: 'user:default/bob' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-b', namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [{ type: 'hasMember', targetRef: 'user:default/carol' }],
    },
  ];
}

/**
 * Backstage's own notifications backend, and the notification service it
 * gives the gitops plugin (origin `plugin:gitops`), as Slipway's plugin gets
 * it. `inbox` reads a user's notifications through the REST API, as the
 * portal's Notifications page does.
 */
export async function startNotificationsBackend(entities: Entity[]) {
  let service: NotificationService | undefined;
  const gitopsProbe = createBackendPlugin({
    pluginId: 'gitops',
    register(env) {
      env.registerInit({
        deps: { notifications: notificationService },
        async init({ notifications }) {
          service = notifications;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      notificationsPlugin,
      gitopsProbe,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: { app: { baseUrl: 'http://localhost:3000' } },
      }),
    ],
  });
  return {
    server: backend.server,
    notifications: service!,
    /** The user's notifications, newest first. */
    async inbox(user: string): Promise<Notification[]> {
      const res = await request(backend.server)
        .get('/api/notifications/notifications?limit=100')
        .set('Authorization', mockCredentials.user.header(user));
      if (res.status !== 200)
        throw new Error(`GET notifications: ${res.status} ${res.text}`);
      return res.body.notifications;
    },
    stop: () => backend.stop(),
  };
}

/** One backend replica's notifier over the shared database. */
export function replicaNotifier(
  db: Knex,
  notifications: NotificationService | undefined,
  slipway: Record<string, unknown> = {},
): { notifier: OwnerNotifier; settings: NotificationSettings } {
  const settings = readNotificationSettings(
    new ConfigReader({
      slipway: { notifications: slipway },
    } as ConstructorParameters<typeof ConfigReader>[0]),
  );
  const notifier = new OwnerNotifier({
    db,
    logger: mockServices.logger.mock(),
    settings,
    notifications,
  });
  return { notifier, settings };
}
