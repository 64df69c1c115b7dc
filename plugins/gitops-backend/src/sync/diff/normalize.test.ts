import { withPatch } from '../__fixtures__/merge';
import { loadBalancerService } from '../__fixtures__/resources';
import { liveSecret } from '../__fixtures__/secrets';
import { deployment } from '../__fixtures__/workloads';
import { normalizeObject } from './normalize';

describe('normalizeObject', () => {
  it('drops server-owned metadata, status and the last-applied annotation', () => {
    const normal = normalizeObject(
      withPatch(deployment, {
        metadata: {
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration':
              '{"kind":"Deployment"}',
          },
          finalizers: ['example.com/keep'],
          deletionGracePeriodSeconds: 30,
          selfLink: '/apis/apps/v1/namespaces/shop/deployments/web',
        },
      }),
    );
    expect(normal.metadata).toEqual({
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '3' },
    });
    expect(normal.status).toBeUndefined();
    expect(normal.spec).toEqual(deployment.spec);
  });

  it('does not modify its input', () => {
    const before = JSON.stringify(deployment);
    normalizeObject(deployment);
    expect(JSON.stringify(deployment)).toBe(before);
  });

  it('treats null and empty metadata maps as absent', () => {
    const rendered = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'settings',
        creationTimestamp: null,
        labels: {},
        annotations: null,
      },
      data: { LOG_LEVEL: 'info', EMPTY: null },
    };
    expect(normalizeObject(rendered as never)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { LOG_LEVEL: 'info' },
    });
  });

  it("folds a Secret's stringData into base64 data", () => {
    const rendered = withPatch(liveSecret, {
      data: { apiToken: 'dG9r' },
      stringData: { password: 'pässword' },
    });
    const normal = normalizeObject(rendered);
    expect(normal.stringData).toBeUndefined();
    expect(normal.data).toEqual({
      apiToken: 'dG9r',
      password: Buffer.from('pässword', 'utf8').toString('base64'),
    });
  });

  it('defaults port protocols to TCP', () => {
    const service = withPatch(loadBalancerService, {
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    expect((normalizeObject(service).spec as any).ports[0].protocol).toBe(
      'TCP',
    );
    const udp = withPatch(service, {
      spec: { ports: [{ port: 53, protocol: 'UDP' }] },
    });
    expect((normalizeObject(udp).spec as any).ports[0].protocol).toBe('UDP');
  });

  it('treats empty RBAC rules as none', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r' },
      rules: [],
    };
    expect(normalizeObject(role).rules).toBeUndefined();
  });
});
