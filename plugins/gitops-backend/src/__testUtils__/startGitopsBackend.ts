import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gitopsPlugin } from '../plugin';
import { testProjectConfig } from './testProject';

/** A permissions service answering each permission by its name. */
const decidingPermissions = (
  decide: (name: string) => AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) =>
  mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({ result: decide(r.permission.name) })),
  }).factory;

/**
 * The gitops plugin with its engine running against the local control plane
 * (as cluster `local`), the given catalog entities and a fixed permission
 * answer. Reconciles run at start-up and on request only.
 */
export async function startGitopsBackend(options: {
  entities: Entity[];
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** Per-permission answers instead of one fixed `permission`. */
  decide?: (
    permissionName: string,
  ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** Extra `slipway` config, e.g. webhooks. */
  slipway?: Record<string, unknown>;
  /** Other plugins in the backend, e.g. notifications. */
  features?: BackendFeature[];
}) {
  const { server } = await startTestBackend({
    features: [
      gitopsPlugin,
      ...(options.features ?? []),
      catalogServiceMock.factory({ entities: options.entities }),
      options.decide
        ? decidingPermissions(options.decide)
        : mockServices.permissions.factory({
            result: options.permission ?? AuthorizeResult.ALLOW,
          }),
      mockServices.rootConfig.factory({
        data: {
          // Where notification links point (the notifications backend checks them).
          app: { baseUrl: 'http://localhost:3000' },
          slipway: {
            clusters: [
              {
                name: 'local',
                auth: 'kubeconfig',
                kubeconfigPath: process.env.KUBECONFIG,
                namespaces: ['*'],
              },
            ],
            sync: {
              intervalSeconds: 3600,
              jitterSeconds: 0,
              catalogRefreshSeconds: 3600,
              claimIntervalMs: 100,
            },
            ...testProjectConfig('group:default/team-a'),
            ...options.slipway,
          },
        },
      }),
    ],
  });
  return server;
}

/** A service entity with Slipway annotations. */
export const annotatedEntity = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
});
