import {
  ApiException,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1Deployment,
} from '@kubernetes/client-node';
import { startKube } from './kube';
import {
  checkTenantLayout,
  ensureTenantRbac,
  TenantRbac,
  tenantRbacObjects,
} from './tenantRbac';
import { waitUntil } from './waitUntil';

// Two busy cores: the control plane may take its time.
jest.setTimeout(3 * 60 * 1000);

const run = Date.now().toString(36);
const layout = {
  systemNamespace: `rbac-sys-${run}`,
  tenants: {
    alpha: { namespaces: [`rbac-alpha-${run}`], namespaceObjects: true },
    beta: { namespaces: [`rbac-beta-${run}`] },
  },
};
const [alphaNs] = layout.tenants.alpha.namespaces;
const [betaNs] = layout.tenants.beta.namespaces;
const serviceAccountUser = (ns: string, name: string) =>
  `system:serviceaccount:${ns}:${name}`;
const alphaDeployer = serviceAccountUser(
  layout.systemNamespace,
  'alpha-deployer',
);

let admin: KubernetesObjectApi;
let rbac: TenantRbac;

/** A client with Slipway's token, optionally impersonating a user. */
function slipwayClient(impersonateUser?: string): KubernetesObjectApi {
  const { url, caData, token } = rbac.slipwayCluster;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [
      {
        name: 'c',
        server: url,
        caData: Buffer.from(caData).toString('base64'),
      },
    ],
    users: [{ name: 'slipway', token, impersonateUser }],
    contexts: [{ name: 'c', cluster: 'c', user: 'slipway' }],
    currentContext: 'c',
  });
  return KubernetesObjectApi.makeApiClient(config);
}

const apply = <T extends KubernetesObject>(client: KubernetesObjectApi, o: T) =>
  client.patch(
    o,
    undefined,
    undefined,
    'rbac-test',
    true,
    PatchStrategy.ServerSideApply,
  );

/** The HTTP status an API call ends with: 200 for success. */
async function statusOf(call: () => Promise<unknown>): Promise<number> {
  try {
    await call();
    return 200;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
}

/**
 * Status of a call that should pass: the API server's RBAC cache picks new
 * bindings up a moment after they are written, so a 403 is retried until a deadline.
 */
async function eventualStatusOf(call: () => Promise<unknown>) {
  return waitUntil(() => statusOf(call), {
    description: 'the API server to stop answering 403',
    timeoutMs: 30_000,
    intervalMs: 250,
    until: status => status !== 403,
  });
}

const deployment = (namespace: string): V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'example/web:1.0.0' }] },
    },
  },
});

beforeAll(async () => {
  const kubeconfigPath =
    process.env.KUBECONFIG ?? (await startKube()).kubeconfigPath;
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  admin = KubernetesObjectApi.makeApiClient(config);
  // Applied twice: the second run must change nothing and fail on nothing.
  await ensureTenantRbac({ kubeconfigPath, ...layout });
  rbac = await ensureTenantRbac({ kubeconfigPath, ...layout });
}, 10 * 60 * 1000);

afterAll(async () => {
  // Only this run's objects: the shared cluster roles stay for the demo and other runs.
  const own = tenantRbacObjects(layout).filter(
    o =>
      o.kind === 'Namespace' ||
      (!o.metadata?.namespace &&
        o.metadata?.name?.startsWith(`${layout.systemNamespace}:`)),
  );
  for (const object of own) await admin?.delete(object).catch(() => undefined);
});

describe('checkTenantLayout', () => {
  const refused = (tenants: Record<string, { namespaces: string[] }>) => () =>
    checkTenantLayout({ systemNamespace: 'slipway-system', tenants });

  it('refuses a tenant in the system namespace, where Slipway keeps its token', () => {
    expect(refused({ a: { namespaces: ['slipway-system'] } })).toThrow(
      "tenant 'a': namespace 'slipway-system' is reserved for Slipway or Kubernetes",
    );
  });

  it('refuses kube-* namespaces', () => {
    expect(refused({ a: { namespaces: ['kube-system'] } })).toThrow(/reserved/);
  });

  it('refuses a namespace two tenants share', () => {
    expect(
      refused({ a: { namespaces: ['shop'] }, b: { namespaces: ['shop'] } }),
    ).toThrow("tenant 'b': namespace 'shop' already belongs to tenant 'a'");
  });

  it('refuses names that are not DNS labels and tenants without namespaces', () => {
    expect(refused({ A: { namespaces: ['x'] } })).toThrow(
      /'A': the name is not a DNS label/,
    );
    expect(refused({ a: { namespaces: ['x/y'] } })).toThrow(
      /namespace 'x\/y' is not a DNS label/,
    );
    expect(refused({ a: { namespaces: [] } })).toThrow(
      /at least one namespace/,
    );
  });
});

describe('ensureTenantRbac', () => {
  it('returns the token cluster entry and each tenant deployer', () => {
    expect(rbac.slipwayCluster.url).toMatch(/^https:\/\//);
    expect(rbac.slipwayCluster.caData).toContain('-----BEGIN CERTIFICATE-----');
    expect(rbac.tenants).toEqual({
      alpha: {
        serviceAccount: `${layout.systemNamespace}/alpha-deployer`,
        namespaces: [alphaNs],
      },
      beta: {
        serviceAccount: `${layout.systemNamespace}/beta-deployer`,
        namespaces: [betaNs],
      },
    });
  });

  it("issues a long-lived bound token for Slipway's ServiceAccount", () => {
    const payload = JSON.parse(
      Buffer.from(
        rbac.slipwayCluster.token.split('.')[1],
        'base64url',
      ).toString(),
    );
    expect(payload.sub).toBe(
      serviceAccountUser(layout.systemNamespace, 'slipway'),
    );
    const days = (payload.exp - Date.now() / 1000) / 86_400;
    expect(days).toBeGreaterThan(364);
  });

  it('lets Slipway list Deployments in every namespace but create none', async () => {
    const slipway = slipwayClient();
    expect(
      await eventualStatusOf(() => slipway.list('apps/v1', 'Deployment')),
    ).toBe(200);
    expect(await statusOf(() => apply(slipway, deployment(alphaNs)))).toBe(403);
    expect(await statusOf(() => slipway.create(deployment('default')))).toBe(
      403,
    );
  });

  it("lets Slipway as team alpha's deployer create a Deployment in alpha's namespace only", async () => {
    const asAlpha = slipwayClient(alphaDeployer);
    expect(
      await eventualStatusOf(() => apply(asAlpha, deployment(alphaNs))),
    ).toBe(200);
    expect(await statusOf(() => apply(asAlpha, deployment(betaNs)))).toBe(403);
    expect(await statusOf(() => apply(asAlpha, deployment('default')))).toBe(
      403,
    );
  });

  it("refuses alpha's deployer cluster-wide RBAC and Slipway's own Secrets", async () => {
    const asAlpha = slipwayClient(alphaDeployer);
    await eventualStatusOf(() =>
      asAlpha.list('apps/v1', 'Deployment', alphaNs),
    );
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${layout.systemNamespace}:escalate` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [{ kind: 'User', name: alphaDeployer }],
    };
    expect(await statusOf(() => apply(asAlpha, binding))).toBe(403);
    const roleBinding = {
      ...binding,
      kind: 'RoleBinding',
      metadata: { name: 'escalate', namespace: alphaNs },
    };
    expect(await statusOf(() => apply(asAlpha, roleBinding))).toBe(403);
    expect(
      await statusOf(() =>
        asAlpha.list('v1', 'Secret', layout.systemNamespace),
      ),
    ).toBe(403);
  });

  it("lets alpha's deployer patch its own Namespace object, not another team's", async () => {
    const asAlpha = slipwayClient(alphaDeployer);
    const labelled = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { team: 'alpha' } },
    });
    expect(
      await eventualStatusOf(() => apply(asAlpha, labelled(alphaNs))),
    ).toBe(200);
    expect(await statusOf(() => apply(asAlpha, labelled(betaNs)))).toBe(403);
    expect(
      await statusOf(() => apply(asAlpha, labelled(`rbac-new-${run}`))),
    ).toBe(403);
    // Beta's project allows no Namespace objects: not even its own.
    const asBeta = slipwayClient(
      serviceAccountUser(layout.systemNamespace, 'beta-deployer'),
    );
    await eventualStatusOf(() => asBeta.list('apps/v1', 'Deployment', betaNs));
    expect(await statusOf(() => apply(asBeta, labelled(betaNs)))).toBe(403);
  });

  it('refuses to let Slipway impersonate any other ServiceAccount or user', async () => {
    // A ServiceAccount named like a deployer, made where a tenant could make one.
    await apply(admin, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'alpha-deployer', namespace: betaNs },
    });
    const others = [
      serviceAccountUser(betaNs, 'alpha-deployer'),
      serviceAccountUser(layout.systemNamespace, 'slipway'),
      serviceAccountUser(layout.systemNamespace, 'default'),
      serviceAccountUser('kube-system', 'default'),
      'slipway-admin',
    ];
    for (const user of others) {
      const status = await statusOf(() =>
        slipwayClient(user).list('v1', 'ConfigMap', alphaNs),
      );
      expect({ user, status }).toEqual({ user, status: 403 });
    }
  });
});
