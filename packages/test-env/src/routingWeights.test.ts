import {
  normalizeWeights,
  weightsFromApisixRoute,
  weightsFromCanaryIngress,
  weightsFromHttpRoute,
  weightsFromVirtualService,
} from './routingWeights';

// Objects shaped like the ones Flagger's routers write for podinfo in namespace test.

describe('weightsFromVirtualService', () => {
  const vs = (http: unknown[]) => ({
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: { hosts: ['podinfo'], gateways: ['mesh'], http },
  });

  it('reads the weighted route', () => {
    expect(
      weightsFromVirtualService(
        vs([
          {
            route: [
              { destination: { host: 'podinfo-primary' }, weight: 80 },
              { destination: { host: 'podinfo-canary' }, weight: 20 },
            ],
          },
        ]),
        'podinfo',
      ),
    ).toEqual({ primary: 80, canary: 20 });
  });

  it('accepts fully-qualified hosts and a lone unweighted route', () => {
    expect(
      weightsFromVirtualService(
        vs([
          {
            route: [
              {
                destination: { host: 'podinfo-canary.test.svc.cluster.local' },
              },
            ],
          },
        ]),
        'podinfo',
      ),
    ).toEqual({ primary: 0, canary: 100 });
  });

  it('follows the default rule under A/B testing', () => {
    const abTest = vs([
      {
        match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
        route: [
          { destination: { host: 'podinfo-primary' }, weight: 0 },
          { destination: { host: 'podinfo-canary' }, weight: 100 },
        ],
      },
      { route: [{ destination: { host: 'podinfo-primary' }, weight: 100 }] },
    ]);
    expect(weightsFromVirtualService(abTest, 'podinfo')).toEqual({
      primary: 100,
      canary: 0,
    });
  });

  it('reads tcp routes', () => {
    const tcp = {
      spec: {
        tcp: [
          {
            route: [
              { destination: { host: 'podinfo-primary' }, weight: 90 },
              { destination: { host: 'podinfo-canary' }, weight: 10 },
            ],
          },
        ],
      },
    };
    expect(weightsFromVirtualService(tcp, 'podinfo')).toEqual({
      primary: 90,
      canary: 10,
    });
  });
});

describe('weightsFromCanaryIngress', () => {
  const ingress = (annotations: Record<string, string>) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'podinfo-canary', namespace: 'test', annotations },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'app.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: 'podinfo-canary', port: { number: 80 } },
                },
              },
            ],
          },
        },
      ],
    },
  });

  it('reads canary-weight', () => {
    expect(
      weightsFromCanaryIngress(
        ingress({
          'nginx.ingress.kubernetes.io/canary': 'true',
          'nginx.ingress.kubernetes.io/canary-weight': '30',
        }),
      ),
    ).toEqual({ primary: 70, canary: 30 });
  });

  it('honours canary-weight-total', () => {
    expect(
      weightsFromCanaryIngress(
        ingress({
          'nginx.ingress.kubernetes.io/canary': 'true',
          'nginx.ingress.kubernetes.io/canary-weight': '250',
          'nginx.ingress.kubernetes.io/canary-weight-total': '1000',
        }),
      ),
    ).toEqual({ primary: 75, canary: 25 });
  });

  it('sends all to primary without a canary ingress or annotation', () => {
    expect(weightsFromCanaryIngress(undefined)).toEqual({
      primary: 100,
      canary: 0,
    });
    expect(
      weightsFromCanaryIngress(
        ingress({ 'nginx.ingress.kubernetes.io/canary-weight': '50' }),
      ),
    ).toEqual({ primary: 100, canary: 0 });
  });
});

describe('weightsFromApisixRoute', () => {
  it('reads backend weights of the canary route', () => {
    const route = {
      apiVersion: 'apisix.apache.org/v2',
      kind: 'ApisixRoute',
      metadata: { name: 'podinfo-podinfo-canary', namespace: 'test' },
      spec: {
        http: [
          {
            name: 'method',
            priority: 10000,
            match: {
              hosts: ['app.example.com'],
              methods: ['GET'],
              paths: ['/*'],
            },
            backends: [
              { serviceName: 'podinfo-primary', servicePort: 80, weight: 60 },
              { serviceName: 'podinfo-canary', servicePort: 80, weight: 40 },
            ],
          },
        ],
      },
    };
    expect(weightsFromApisixRoute(route, 'podinfo')).toEqual({
      primary: 60,
      canary: 40,
    });
  });

  it('uses APISIX’s default weight of 100 when unset', () => {
    const route = {
      spec: {
        http: [
          {
            backends: [
              { serviceName: 'podinfo-primary', servicePort: 80 },
              { serviceName: 'podinfo-canary', servicePort: 80 },
            ],
          },
        ],
      },
    };
    expect(weightsFromApisixRoute(route, 'podinfo')).toEqual({
      primary: 50,
      canary: 50,
    });
  });
});

describe('weightsFromHttpRoute', () => {
  const route = (rules: unknown[]) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      parentRefs: [{ name: 'gateway', namespace: 'istio-ingress' }],
      rules,
    },
  });
  const pathPrefix = [{ path: { type: 'PathPrefix', value: '/' } }];

  it('reads backendRefs weights', () => {
    expect(
      weightsFromHttpRoute(
        route([
          {
            matches: pathPrefix,
            backendRefs: [
              {
                group: '',
                kind: 'Service',
                name: 'podinfo-primary',
                port: 9898,
                weight: 95,
              },
              {
                group: '',
                kind: 'Service',
                name: 'podinfo-canary',
                port: 9898,
                weight: 5,
              },
            ],
          },
        ]),
        'podinfo',
      ),
    ).toEqual({ primary: 95, canary: 5 });
  });

  it('uses the API default weight of 1 and skips header-matched rules', () => {
    const ab = route([
      {
        matches: [{ headers: [{ name: 'x-canary', value: 'insider' }] }],
        backendRefs: [{ name: 'podinfo-canary', port: 9898 }],
      },
      {
        matches: pathPrefix,
        backendRefs: [
          { name: 'podinfo-primary', port: 9898 },
          { name: 'podinfo-canary', port: 9898 },
        ],
      },
    ]);
    expect(weightsFromHttpRoute(ab, 'podinfo')).toEqual({
      primary: 50,
      canary: 50,
    });
  });
});

describe('normalizeWeights', () => {
  it('scales to percentages and keeps 0/0 as no traffic', () => {
    expect(normalizeWeights(3, 1)).toEqual({ primary: 75, canary: 25 });
    expect(normalizeWeights(0, 0)).toEqual({ primary: 0, canary: 0 });
  });
});
