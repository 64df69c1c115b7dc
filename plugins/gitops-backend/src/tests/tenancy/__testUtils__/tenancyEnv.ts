import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testGitServer, waitUntil } from '@internal/test-env';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import request from 'supertest';
import { gitopsPlugin } from '../../../plugin';

/** One team: its namespace, deployer ServiceAccount and repository. */
export interface Team {
  name: string;
  group: string;
  namespace: string;
  /** `<namespace>/<name>` of the ServiceAccount Slipway writes as for this team. */
  serviceAccount: string;
  repo: string;
}

const run = Date.now().toString(36);

/** Team A and team B, each with its own namespace, deployer and repository. */
export const teams = {
  a: team('a'),
  b: team('b'),
};

function team(letter: string): Team {
  const namespace = `tenant-${letter}-${run}`;
  return {
    name: `team-${letter}`,
    group: `group:default/team-${letter}`,
    namespace,
    serviceAccount: `${namespace}/deployer`,
    repo: `tenant-${letter}-${run}`,
  };
}

export function adminKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(process.env.KUBECONFIG!);
  return kc;
}

/**
 * What an operator sets up per team: the namespace and a deployer
 * ServiceAccount bound to the built-in `edit` role in that namespace only.
 */
export async function createTeamRbac(t: Team) {
  const kc = adminKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await core.createNamespace({ body: { metadata: { name: t.namespace } } });
  await core.createNamespacedServiceAccount({
    namespace: t.namespace,
    body: { metadata: { name: 'deployer' } },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: t.namespace,
    body: {
      metadata: { name: 'deployer-edit' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'edit',
      },
      subjects: [
        { kind: 'ServiceAccount', name: 'deployer', namespace: t.namespace },
      ],
    },
  });
}

export async function deleteTeamNamespaces() {
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  for (const t of Object.values(teams)) {
    await core.deleteNamespace({ name: t.namespace }).catch(() => undefined);
  }
}

/** The project config of a team: its repository, its namespace, written as its deployer. */
export function projectOf(
  t: Team,
  git: ReturnType<typeof testGitServer>,
  overrides: Record<string, unknown> = {},
) {
  return {
    name: t.name,
    owners: [t.group],
    sourceRepos: [git.repoUrl(`tenant-${t.name.slice(-1)}-*`)],
    destinations: [
      {
        cluster: 'local',
        namespaces: [t.namespace],
        serviceAccount: t.serviceAccount,
      },
    ],
    outboundHosts: [],
    ...overrides,
  };
}

/** A service entity owned by a team, delivered from a repository folder. */
export function serviceOf(
  name: string,
  owner: Team,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'slipway.dev/clusters': 'local', ...annotations },
    },
    spec: { type: 'service', owner: owner.group, lifecycle: 'production' },
  };
}

/** The portal backend with Slipway, the given projects and entities, every permission granted. */
export async function startTenancyBackend(options: {
  entities: Entity[];
  projects: unknown[];
  cacheDir: string;
  /** Receives every line the backend logs, with its metadata. */
  logs: string[];
}) {
  const { server } = await startTestBackend({
    features: [
      gitopsPlugin,
      recordingRootLogger(options.logs),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          slipway: {
            // The cluster itself allows every namespace: the projects are the wall.
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
            },
            projects: options.projects,
            cacheDir: options.cacheDir,
          },
        },
      } as any),
    ],
  });
  return server;
}

// A root logger that keeps what it is given, so a test can read every log line.
function recordingRootLogger(lines: string[]) {
  const logger = (meta: object): RootLoggerService => {
    const write =
      (level: string) => (message: string, extra?: Error | object) => {
        lines.push(
          `${level} ${message} ${JSON.stringify({ ...meta, ...extra })}`,
        );
      };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: more => logger({ ...meta, ...more }),
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger({}),
  });
}

export const appPath = (name: string) =>
  `/api/gitops/entities/default/component/${name}`;

/** Waits until the engine has recorded the entity's app (it reads the catalog at start-up). */
export async function appOf(
  server: Parameters<typeof request>[0],
  name: string,
) {
  const res = await waitUntil(
    async () => {
      const answer = await request(server).get(`${appPath(name)}/apps/local`);
      return { status: answer.status, body: answer.body };
    },
    {
      description: `the app of ${name} to leave Unknown`,
      timeoutMs: 60_000,
      intervalMs: 200,
      until: r => r.status === 200 && r.body.app.syncStatus !== 'Unknown',
    },
  );
  return res.body;
}

export const apis = () => {
  const kc = adminKubeConfig();
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
  };
};
