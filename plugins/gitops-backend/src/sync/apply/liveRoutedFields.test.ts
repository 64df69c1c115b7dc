import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { withLiveRoutedFields } from './liveRoutedFields';

const object = (kind: string, spec: unknown): KubernetesObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'web', namespace: 'shop' },
  spec,
});

const route = (stable: number, canary: number, extra = {}) => ({
  name: 'primary',
  ...extra,
  route: [
    { destination: { host: 'web-stable' }, weight: stable },
    { destination: { host: 'web-canary' }, weight: canary },
  ],
});

describe('withLiveRoutedFields', () => {
  it("keeps a VirtualService's live weights, route by route, and applies the rest of Git's changes", () => {
    const git = object('VirtualService', {
      hosts: ['web.example.com'],
      http: [route(100, 0, { timeout: '5s' })],
      tcp: [{ route: [{ destination: { host: 'web-stable' }, weight: 100 }] }],
    });
    const live = object('VirtualService', {
      hosts: ['old.example.com'],
      http: [route(80, 20)],
      tcp: [{ route: [{ destination: { host: 'web-stable' }, weight: 60 }] }],
    });
    expect(withLiveRoutedFields(git, live).spec).toEqual({
      hosts: ['web.example.com'],
      http: [route(80, 20, { timeout: '5s' })],
      tcp: [{ route: [{ destination: { host: 'web-stable' }, weight: 60 }] }],
    });
  });

  it('takes Git as it is for a new object, a new route or a new destination', () => {
    const git = object('VirtualService', {
      http: [
        route(100, 0),
        { name: 'admin', route: [{ destination: { host: 'admin' }, weight: 100 }] },
      ],
    });
    expect(withLiveRoutedFields(git, undefined)).toBe(git);
    const live = object('VirtualService', {
      http: [{ name: 'primary', route: [{ destination: { host: 'web-stable' }, weight: 70 }] }],
    });
    expect(withLiveRoutedFields(git, live).spec).toEqual({
      http: [
        {
          name: 'primary',
          route: [
            { destination: { host: 'web-stable' }, weight: 70 },
            { destination: { host: 'web-canary' }, weight: 0 },
          ],
        },
        { name: 'admin', route: [{ destination: { host: 'admin' }, weight: 100 }] },
      ],
    });
  });

  it("keeps a DestinationRule's subset hashes, an HTTPRoute's and an ApisixRoute's backend weights", () => {
    const rule = withLiveRoutedFields(
      object('DestinationRule', {
        subsets: [
          { name: 'stable', labels: { app: 'web' } },
          { name: 'canary', labels: { app: 'web' } },
        ],
      }),
      object('DestinationRule', {
        subsets: [
          { name: 'stable', labels: { app: 'web', 'rollouts-pod-template-hash': 'aaa' } },
          { name: 'canary', labels: { app: 'web', 'rollouts-pod-template-hash': 'bbb' } },
        ],
      }),
    );
    expect((rule.spec as any).subsets.map((s: any) => s.labels)).toEqual([
      { app: 'web', 'rollouts-pod-template-hash': 'aaa' },
      { app: 'web', 'rollouts-pod-template-hash': 'bbb' },
    ]);

    const refs = (stable: number, canary: number) => [
      { name: 'web-stable', port: 80, weight: stable },
      { name: 'web-canary', port: 80, weight: canary },
    ];
    const httpRoute = withLiveRoutedFields(
      object('HTTPRoute', { rules: [{ backendRefs: refs(100, 0) }] }),
      object('HTTPRoute', { rules: [{ backendRefs: refs(40, 60) }] }),
    );
    expect((httpRoute.spec as any).rules[0].backendRefs).toEqual(refs(40, 60));

    const backends = (stable: number, canary: number) => [
      { serviceName: 'web-stable', servicePort: 80, weight: stable },
      { serviceName: 'web-canary', servicePort: 80, weight: canary },
    ];
    const apisix = withLiveRoutedFields(
      object('ApisixRoute', { http: [{ name: 'rule', backends: backends(100, 0) }] }),
      object('ApisixRoute', { http: [{ name: 'rule', backends: backends(95, 5) }] }),
    );
    expect((apisix.spec as any).http[0].backends).toEqual(backends(95, 5));
  });

  it('leaves other kinds alone', () => {
    const service = object('Service', { selector: { app: 'web' } });
    expect(withLiveRoutedFields(service, object('Service', {}))).toBe(service);
  });
});
