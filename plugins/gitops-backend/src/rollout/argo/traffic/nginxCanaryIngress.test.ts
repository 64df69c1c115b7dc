import { canaryIngress, canaryIngressName } from './nginxCanaryIngress';
import type { CanaryIngressInput } from './nginxCanaryIngress';

const stable = {
  metadata: {
    name: 'web',
    annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' },
  },
  spec: {
    defaultBackend: { service: { name: 'web-stable', port: { number: 80 } } },
    rules: [
      { host: 'no-http.example.com' },
      {
        host: 'web.example.com',
        http: {
          paths: [
            {
              path: '/',
              backend: {
                service: { name: 'web-stable', port: { number: 80 } },
              },
            },
            {
              path: '/files',
              backend: { resource: { kind: 'Bucket', name: 'files' } },
            },
          ],
        },
      },
    ],
  },
};

const input = (
  fields: Partial<CanaryIngressInput> = {},
): CanaryIngressInput => ({
  stable,
  name: 'web-web-canary',
  namespace: 'shop',
  nginx: {
    stableIngresses: ['web'],
    annotationPrefix: 'nginx.ingress.kubernetes.io',
    additionalIngressAnnotations: {},
    canaryIngressAnnotations: {},
  },
  stableService: 'web-stable',
  canaryService: 'web-canary',
  canaryWeight: 10,
  maxTrafficWeight: 100,
  ...fields,
});

describe('canaryIngressName', () => {
  it('is <rollout>-<ingress>-canary, cut to 253 characters before the suffix', () => {
    expect(canaryIngressName('web', 'public')).toBe('web-public-canary');
    const long = canaryIngressName('r'.repeat(200), 'i'.repeat(100));
    expect(long).toHaveLength(253);
    expect(long.endsWith(`${'i'.repeat(45)}-canary`)).toBe(true);
  });
});

describe('canaryIngress', () => {
  it('copies only rules reaching the stable Service, not the default backend nor other annotations', () => {
    const built = canaryIngress(input());
    expect(built.metadata).toEqual({
      name: 'web-web-canary',
      namespace: 'shop',
      annotations: {
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-weight': '10',
      },
    });
    expect(built.spec).toEqual({
      rules: [
        {
          host: 'web.example.com',
          http: {
            paths: [
              {
                path: '/',
                backend: {
                  service: { name: 'web-canary', port: { number: 80 } },
                },
              },
              {
                path: '/files',
                backend: { resource: { kind: 'Bucket', name: 'files' } },
              },
            ],
          },
        },
      ],
    });
    // The stable Ingress read from the cluster is left as it was.
    expect(stable.spec.rules[1].http!.paths[0].backend.service!.name).toBe(
      'web-stable',
    );
  });

  it('lets the canary annotations win over the additional ones, and its own over both', () => {
    const built = canaryIngress(
      input({
        nginx: {
          ...input().nginx,
          additionalIngressAnnotations: {
            'canary-weight': '99',
            'canary-by-header': 'X-Canary',
          },
          canaryIngressAnnotations: {
            'nginx.ingress.kubernetes.io/canary-by-header': 'X-Beta',
            'nginx.ingress.kubernetes.io/canary': 'false',
          },
        },
        maxTrafficWeight: 1000,
        canaryWeight: 125,
      }),
    );
    expect(built.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Beta',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '125',
      'nginx.ingress.kubernetes.io/canary-weight-total': '1000',
    });
  });

  it('names the Ingress that does not route to the stable Service', () => {
    expect(() => canaryIngress(input({ stableService: 'other' }))).toThrow(
      'Ingress shop/web has no rules using service other backend',
    );
  });
});
