import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { ClusterRegistry } from './ClusterRegistry';
import { localKubeconfigPath, localTokenAccess } from './__testUtils__/localKube';

const registryOf = (clusters: object[], options = {}) =>
  ClusterRegistry.fromConfig(new ConfigReader({ slipway: { clusters } } as any), options);

describe('ClusterRegistry', () => {
  const registries: ClusterRegistry[] = [];
  const make = (clusters: object[], options = {}) => {
    const registry = registryOf(clusters, options);
    registries.push(registry);
    return registry;
  };
  afterAll(() => Promise.all(registries.map(r => r.stop())));

  /** Namespace names read with the cluster's own credentials: proves it really reaches the API. */
  const namespacesVia = async (registry: ClusterRegistry, name: string) =>
    (await registry.get(name).list('v1', 'Namespace')).map(n => n.metadata.name);

  describe('auth modes against the local control plane', () => {
    it('kubeconfig: the file current context, or a named one', async () => {
      const registry = make([
        { name: 'by-file', auth: 'kubeconfig', kubeconfigPath: localKubeconfigPath(), namespaces: ['*'] },
        {
          name: 'by-context',
          auth: 'kubeconfig',
          kubeconfigPath: localKubeconfigPath(),
          kubeconfigContext: 'slipway-token',
          namespaces: ['*'],
        },
      ]);
      expect(registry.names()).toEqual(['by-file', 'by-context']);
      expect(await namespacesVia(registry, 'by-file')).toContain('kube-system');
      expect(await namespacesVia(registry, 'by-context')).toContain('kube-system');
    });

    it('token: url, PEM or base64 CA data and a bearer token', async () => {
      const { url, caData, token } = localTokenAccess();
      const pem = Buffer.from(caData, 'base64').toString('utf8');
      const registry = make([
        { name: 'base64-ca', auth: 'token', url, caData, token, namespaces: ['*'] },
        { name: 'pem-ca', auth: 'token', url, caData: pem, token, namespaces: ['*'] },
      ]);
      expect(await namespacesVia(registry, 'base64-ca')).toContain('kube-system');
      expect(await namespacesVia(registry, 'pem-ca')).toContain('kube-system');
    });

    it('token: a wrong token fails with the server reason and never shows a token', async () => {
      const { url, caData, token } = localTokenAccess();
      const wrong = `${token.slice(0, -4)}beef`;
      const registry = make([{ name: 'wrong', auth: 'token', url, caData, token: wrong, namespaces: ['*'] }]);
      const error: Error = await registry
        .get('wrong')
        .list('v1', 'Namespace')
        .then(
          () => new Error('expected a failure'),
          e => e,
        );
      expect(error.message).toBe(
        "List of Namespace on cluster 'wrong' failed: Discovery of v1 on cluster 'wrong' failed: Unauthorized (401): Unauthorized",
      );
      expect(error.message).not.toContain(wrong);
      expect(error.message).not.toContain(token);
    });

    it("inCluster: the pod's service-account files and KUBERNETES_SERVICE_* env", async () => {
      const { url, caData, token } = localTokenAccess();
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-incluster-'));
      const dir = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, 'token'), token);
      await fs.writeFile(path.join(dir, 'ca.crt'), Buffer.from(caData, 'base64'));
      const saved = { ...process.env };
      const server = new URL(url);
      process.env.KUBERNETES_SERVICE_HOST = server.hostname;
      process.env.KUBERNETES_SERVICE_PORT = server.port;
      try {
        const registry = make([{ name: 'pod', auth: 'inCluster', namespaces: ['*'] }], {
          inClusterPathPrefix: root,
        });
        expect(await namespacesVia(registry, 'pod')).toContain('kube-system');
      } finally {
        process.env.KUBERNETES_SERVICE_HOST = saved.KUBERNETES_SERVICE_HOST;
        process.env.KUBERNETES_SERVICE_PORT = saved.KUBERNETES_SERVICE_PORT;
        if (saved.KUBERNETES_SERVICE_HOST === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
        if (saved.KUBERNETES_SERVICE_PORT === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
        await fs.rm(root, { recursive: true, force: true });
      }
    });
  });

  describe('configuration errors name the cluster and the key', () => {
    const kubeconfigPath = () => localKubeconfigPath();
    const secretCa = 'c2VjcmV0LXZhbHVlLW5vdC1hLWNlcnQ='; // base64 of a non-certificate

    it.each([
      [[{ auth: 'kubeconfig' }], 'slipway.clusters[0].name must be a name'],
      [[{ name: 'a,b', auth: 'inCluster' }], 'slipway.clusters[0].name must be a name'],
      [[{ name: 'x' }], "slipway.clusters[0] (cluster 'x'): 'auth' is required (token, kubeconfig or inCluster)"],
      [[{ name: 'x', auth: 'basic' }], "slipway.clusters[0] (cluster 'x'): 'auth' must be token, kubeconfig or inCluster, not 'basic'"],
      [[{ name: 'x', auth: 'token', token: 't' }], "(cluster 'x'): 'url' is required for auth 'token'"],
      [[{ name: 'x', auth: 'token', url: 'https://k:6443' }], "(cluster 'x'): 'token' is required for auth 'token'"],
      [[{ name: 'x', auth: 'token', url: 'http://k:6443', token: 't' }], "(cluster 'x'): 'url' must be an https:// URL"],
      [
        [{ name: 'x', auth: 'token', url: 'https://k', token: 't', kubeconfigPath: '/k' }],
        "(cluster 'x'): 'kubeconfigPath' belongs to auth 'kubeconfig', but auth is 'token'",
      ],
      [[{ name: 'x', auth: 'kubeconfig' }], "(cluster 'x'): 'kubeconfigPath' is required for auth 'kubeconfig'"],
      [
        [{ name: 'x', auth: 'kubeconfig', kubeconfigPath: '/nonexistent/kubeconfig' }],
        "(cluster 'x'): 'kubeconfigPath' /nonexistent/kubeconfig does not exist",
      ],
      [
        [{ name: 'x', auth: 'kubeconfig', kubeconfigPath, kubeconfigContext: 'nope' }],
        "'kubeconfigContext' nope is not in", // …and lists the contexts there are
      ],
      [
        [{ name: 'x', auth: 'kubeconfig', kubeconfigPath, namespaces: ['apps', 'team-*'] }],
        "(cluster 'x'): 'namespaces' entry 'team-*' is not a namespace name",
      ],
      [
        [
          { name: 'x', auth: 'kubeconfig', kubeconfigPath },
          { name: 'x', auth: 'kubeconfig', kubeconfigPath },
        ],
        "slipway.clusters: the name 'x' is used twice",
      ],
      [[{ name: 'x', auth: 'token', url: 'https://k', token: 't', caData: secretCa }], "(cluster 'x'): 'caData' must be a PEM certificate"],
    ])('%j', (clusters, message) => {
      const entries = (clusters as Array<Record<string, unknown>>).map(c =>
        typeof c.kubeconfigPath === 'function' ? { ...c, kubeconfigPath: (c.kubeconfigPath as () => string)() } : c,
      );
      expect(() => registryOf(entries)).toThrow(message);
    });

    it('lists the contexts a kubeconfig has when the named one is missing', () => {
      expect(() =>
        registryOf([{ name: 'x', auth: 'kubeconfig', kubeconfigPath: localKubeconfigPath(), kubeconfigContext: 'nope' }]),
      ).toThrow('(contexts: slipway, slipway-token)');
    });

    it('never repeats a secret value in its messages', () => {
      const attempt = () =>
        registryOf([{ name: 'x', auth: 'token', url: 'https://k', token: 'tok-123456', caData: 'c2VjcmV0LXZhbHVl' }]);
      let message = '';
      try {
        attempt();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('caData');
      expect(message).not.toMatch(/c2VjcmV0LXZhbHVl|secret-value|tok-123456/);
    });

    it('explains that inCluster needs to run in a pod', () => {
      const saved = process.env.KUBERNETES_SERVICE_HOST;
      delete process.env.KUBERNETES_SERVICE_HOST;
      try {
        expect(() => registryOf([{ name: 'pod', auth: 'inCluster' }])).toThrow(
          "(cluster 'pod'): auth 'inCluster' needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT",
        );
      } finally {
        if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
      }
    });

    it('infers the auth of older entries only from unambiguous keys', () => {
      const registry = make([{ name: 'old', kubeconfigPath: localKubeconfigPath(), namespaces: ['*'] }]);
      expect(registry.names()).toEqual(['old']);
    });
  });

  describe('clusters and namespaces', () => {
    const entry = (name: string, namespaces?: string[]) => ({
      name,
      auth: 'kubeconfig',
      kubeconfigPath: localKubeconfigPath(),
      ...(namespaces && { namespaces }),
    });

    it('names the known clusters when asked for an unknown one', () => {
      const registry = make([entry('a', ['*']), entry('b', ['*'])]);
      expect(() => registry.get('c')).toThrow("Cluster 'c' is not configured (known: a, b)");
      expect(() => registryOf([]).get('c')).toThrow("Cluster 'c' is not configured (known: none)");
    });

    it('allows only the listed namespaces, all with *, and none without a list', () => {
      const logger = mockServices.logger.mock();
      const registry = make([entry('listed', ['apps', 'web']), entry('all', ['*']), entry('unset')], { logger });

      expect(() => registry.checkNamespace('listed', 'web')).not.toThrow();
      expect(() => registry.checkNamespace('all', 'anything')).not.toThrow();

      expect(() => registry.checkNamespace('listed', 'kube-system')).toThrow(
        "Namespace 'kube-system' is not allowed on cluster 'listed' (allowed: apps, web)",
      );
      expect(() => registry.checkNamespace('unset', 'default')).toThrow(
        "Namespace 'default' is not allowed on cluster 'unset' (allowed: none; set slipway.clusters[].namespaces, or ['*'] for all)",
      );
      const refusal = (() => {
        try {
          registry.checkNamespace('listed', 'kube-system');
          return undefined;
        } catch (error) {
          return error as Error;
        }
      })();
      expect(refusal?.name).toBe('NotAllowedError');
      expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining("Cluster 'unset' has no 'namespaces' list"));
      expect(logger.warn).toHaveBeenCalledTimes(1);
    });
  });
});
