import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { Cluster } from '../clusters/Cluster';
import {
  localKubeconfigPath,
  uniqueName,
} from '../clusters/__testUtils__/localKube';
import { NamespaceAllowList } from '../clusters/NamespaceAllowList';
import { waitUntil } from '@internal/test-env';
import { testProject } from '../__testUtils__/testProject';
import { CachedRolloutReads } from './cachedRolloutReads';
import { rolloutClusterOf } from './rolloutCluster';

jest.setTimeout(120_000);

// The rollout engine's writes against the local API server: made as the
// project destination's ServiceAccount, so RBAC (not Slipway's own admin
// identity) decides; refused before any request outside the destinations.

const service = (namespace: string, name: string): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: {
    selector: { app: name },
    ports: [{ name: 'http', port: 80, targetPort: 9898 }],
  },
});

const primary = (namespace: string): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'podinfo-primary', namespace },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'podinfo-primary' } },
    template: {
      metadata: { labels: { app: 'podinfo-primary' } },
      spec: { containers: [{ name: 'podinfo', image: 'podinfo:1.0.0' }] },
    },
  },
});

describe('rollout cluster of a project', () => {
  let admin: Cluster;
  const namespace = uniqueName('tenant');
  const project = testProject({
    name: 'team-a',
    // The deployer may manage Services only: no Deployments, no Secrets.
    destinations: [
      {
        cluster: 'local',
        namespaces: [namespace],
        serviceAccount: `${namespace}/deployer`,
      },
    ],
  });

  beforeAll(async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(localKubeconfigPath());
    admin = new Cluster('local', kubeConfig, {
      namespaces: new NamespaceAllowList(['*']),
    });
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    await admin.apply({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'deployer', namespace },
    });
    await admin.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'services-only', namespace },
      rules: [
        {
          apiGroups: [''],
          resources: ['services'],
          verbs: ['get', 'list', 'create', 'patch', 'delete'],
        },
      ],
    } as KubernetesObject);
    await admin.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'deployer-services', namespace },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'services-only',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace }],
    } as KubernetesObject);
  });
  afterAll(async () => {
    await admin.delete({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: namespace,
    });
    await admin.stop();
  });

  it('writes what the ServiceAccount may write, as that ServiceAccount', async () => {
    const cluster = rolloutClusterOf(admin, project);
    await cluster.apply(service(namespace, 'podinfo-canary'));
    const stored = await admin.get({
      apiVersion: 'v1',
      kind: 'Service',
      namespace,
      name: 'podinfo-canary',
    });
    const managers = (
      stored?.metadata as { managedFields?: Array<{ manager: string }> }
    ).managedFields;
    expect(managers?.map(m => m.manager)).toEqual(['slipway-rollouts']);
  });

  it('is refused by the API server where the ServiceAccount has no RBAC, though Slipway itself could', async () => {
    const cluster = rolloutClusterOf(admin, project);
    const error = await cluster
      .apply(primary(namespace))
      .catch(e => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Apply of Deployment ${namespace}/podinfo-primary on cluster 'local' failed: .*User "system:serviceaccount:${namespace}:deployer" cannot patch resource "deployments"`,
      ),
    );
    expect(
      await admin.get({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace,
        name: 'podinfo-primary',
      }),
    ).toBeUndefined();
    // Reads go out as the ServiceAccount too: a Secret it may not read stays unread.
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token', namespace },
      stringData: { token: 'x' },
    } as KubernetesObject);
    await expect(
      cluster.get({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace,
        name: 'token',
      }),
    ).rejects.toThrow(/cannot get resource "secrets"/);
    // The same write as Slipway's own identity succeeds: the refusal is the ServiceAccount's RBAC.
    await admin.apply(primary(namespace));
  });

  it('refuses a namespace outside the project destinations before any request, naming the rule', async () => {
    const cluster = rolloutClusterOf(admin, project);
    const before = admin.requests;
    await expect(
      cluster.apply(service('kube-system', 'podinfo-canary')),
    ).rejects.toThrow(
      "Apply of Service kube-system/podinfo-canary refused: namespace 'kube-system' on cluster 'local' is not a destination of project 'team-a' (rule: destinations)",
    );
    await expect(
      cluster.get({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'kube-system',
        name: 'any',
      }),
    ).rejects.toThrow(
      "Get of Secret kube-system/any refused: namespace 'kube-system' on cluster 'local' is not a destination of project 'team-a' (rule: destinations)",
    );
    await expect(
      cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace }),
    ).rejects.toThrow(
      `Delete of cluster-scoped Namespace ${namespace} on cluster 'local' refused`,
    );
    expect(admin.requests).toBe(before);
  });

  it('reads what it wrote again from the watch cache, never an older copy, and only as the identity that proved it may', async () => {
    const cachedReads = new CachedRolloutReads();
    const cluster = rolloutClusterOf(admin, project, cachedReads);
    const ref = {
      apiVersion: 'v1',
      kind: 'Service',
      namespace,
      name: 'podinfo-cached',
    };
    const revision = (object?: KubernetesObject) =>
      Number(object?.metadata.resourceVersion ?? 0);
    const portOf = (object?: KubernetesObject) =>
      (object?.spec as { ports: Array<{ port: number }> }).ports[0].port;
    const written = await cluster.apply(service(namespace, ref.name));
    await waitUntil(async () => revision(await admin.getLive(ref)), {
      description: "the watch cache to hold the engine's write",
      until: seen => seen >= revision(written),
    });
    const before = admin.requests;
    for (let i = 0; i < 3; i++) {
      expect(revision(await cluster.get(ref))).toBeGreaterThanOrEqual(
        revision(written),
      );
    }
    expect(admin.requests).toBe(before);

    // Right after a write, a read shows it, whether or not the watch has.
    const changed = service(namespace, ref.name);
    (changed.spec as { ports: Array<{ port: number }> }).ports[0].port = 8080;
    await cluster.apply(changed);
    expect(portOf(await cluster.get(ref))).toBe(8080);

    // Another project's ServiceAccount, with no RBAC on Services, is not
    // answered from the cache team-a's reads filled: the API server refuses it.
    const other = testProject({
      name: 'team-b',
      destinations: [
        {
          cluster: 'local',
          namespaces: [namespace],
          serviceAccount: `${namespace}/default`,
        },
      ],
    });
    await expect(
      rolloutClusterOf(admin, other, cachedReads).get(ref),
    ).rejects.toThrow(/cannot get resource "services"/);
  });
});
