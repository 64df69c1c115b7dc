import { parse as parseYaml } from 'yaml';
import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import { httpRoute } from '../routers/gatewayHttpRoute';
import { parseRolloutDocument } from './parse';
import type { ParseOptions } from './parse';
import type { RolloutSpec } from './types';

const parse = (yaml: string, options?: ParseOptions) =>
  parseRolloutDocument(parseYaml(yaml), options);

function specOf(yaml: string, options?: ParseOptions): RolloutSpec {
  const result = parse(yaml, options);
  expect(result.errors).toEqual([]);
  return result.spec!;
}

const errorsOf = (yaml: string, options?: ParseOptions) => {
  const result = parse(yaml, options);
  expect(result.spec).toBeUndefined();
  return result.errors;
};

/** A Canary with `spec` lines (YAML, indented by two) after its target. */
const canary = (spec: string) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: test }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  analysis: { interval: 1m, threshold: 2, stepWeight: 10 }
${spec}`;

describe('parseRolloutDocument: Knative canaries', () => {
  // Flagger's Knative tutorial: no `service`, Knative routes the revisions.
  const knative = `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
  namespace: test
spec:
  provider: knative
  targetRef:
    apiVersion: serving.knative.dev/v1
    kind: Service
    name: podinfo
  progressDeadlineSeconds: 60
  analysis:
    interval: 15s
    threshold: 15
    maxWeight: 50
    stepWeight: 10
    metrics:
    - name: request-success-rate
      thresholdRange:
        min: 99
      interval: 1m
    - name: request-duration
      thresholdRange:
         max: 500
      interval: 1m
    webhooks:
      - name: load-test
        url: http://flagger-loadtester.test/
        timeout: 5s
        metadata:
          type: cmd
          cmd: "hey -z 1m -q 5 -c 2 http://podinfo.test"
          logCmdOutput: "true"
`;

  it('accepts a Knative Service target without spec.service', () => {
    const spec = specOf(knative);
    expect(spec.provider).toBe('knative');
    expect(spec.targetRef).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      name: 'podinfo',
    });
    expect(spec.strategy).toBe('canary');
    expect(spec.analysis).toMatchObject({ intervalMs: 15_000, maxWeight: 50 });
    // Flagger's zero value: nothing routes through these Services for Knative.
    expect(spec.service).toMatchObject({ name: 'podinfo', port: 0 });
  });

  it("refuses what Flagger's Knative check refuses, naming the field", () => {
    expect(
      errorsOf(
        knative.replace('apiVersion: serving.knative.dev/v1', 'apiVersion: v1'),
      ),
    ).toEqual([
      'spec.targetRef.apiVersion: must be serving.knative.dev/v1 for provider knative, got "v1"',
    ]);
    expect(
      errorsOf(knative.replace('kind: Service', 'kind: Deployment')),
    ).toEqual([
      'spec.targetRef.kind: must be Service (a Knative Service) for provider knative',
    ]);
    expect(
      errorsOf(
        knative.replace(
          '  progressDeadlineSeconds: 60',
          '  autoscalerRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo }',
        ),
      ),
    ).toEqual([
      'spec.autoscalerRef: not supported for a Knative Service, Knative scales it',
    ]);
  });

  it('still requires spec.service for every other target', () => {
    expect(errorsOf(canary(''))).toEqual([
      'spec.service: required (only a Knative Service target may leave it out)',
    ]);
  });

  it('names a missing spec.service together with the other errors, as the API server does (found by the upstream corpus test)', () => {
    // A snippet in Flagger's docs with neither targetRef nor service: the
    // API server names both at once; Slipway named only targetRef.
    const snippet = `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo }
spec:
  analysis: { interval: 1m, threshold: 5, stepWeight: 10 }
`;
    expect(errorsOf(snippet)).toEqual([
      'spec.targetRef: required',
      'spec.service: required (only a Knative Service target may leave it out)',
    ]);
    // Not for Knative, where the rule does not apply, nor twice.
    expect(
      errorsOf(snippet.replace('spec:', 'spec:\n  provider: knative')),
    ).toEqual(['spec.targetRef: required']);
    expect(
      errorsOf(snippet.replace('spec:', 'spec:\n  service: { port: x }')),
    ).toEqual([
      'spec.targetRef: required',
      'spec.service.port: must be a number, got string',
    ]);
  });
});

describe('parseRolloutDocument: Gateway API fields', () => {
  // Flagger's Linkerd tutorial: Linkerd runs Flagger with
  // -mesh-provider=gatewayapi:v1beta1 and attaches the HTTPRoute to the Service.
  const linkerd = `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
  namespace: test
spec:
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: podinfo
  autoscalerRef:
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    name: podinfo
  progressDeadlineSeconds: 60
  service:
    port: 9898
    targetPort: 9898
    gatewayRefs:
      - name: podinfo
        namespace: test
        group: core
        kind: Service
        port: 9898
  analysis:
    interval: 30s
    threshold: 5
    maxWeight: 50
    stepWeight: 5
    metrics:
    - name: success-rate
      templateRef:
        name: success-rate
        namespace: test
      thresholdRange:
        min: 99
      interval: 1m
      templateVariables:
        direction: inbound
`;

  it("accepts Linkerd's gatewayRefs with group and port, and routes through them", () => {
    const spec = specOf(linkerd, { defaultProvider: 'gatewayapi:v1beta1' });
    expect(spec.service.gatewayRefs).toEqual([
      {
        name: 'podinfo',
        namespace: 'test',
        group: 'core',
        kind: 'Service',
        port: 9898,
      },
    ]);
    const route = httpRoute(
      { cluster: {} as RolloutCluster, namespace: 'test', spec },
      { primary: 100, canary: 0 },
    ) as { spec?: { parentRefs?: unknown } };
    expect(route.spec?.parentRefs).toEqual([
      {
        group: 'core',
        kind: 'Service',
        name: 'podinfo',
        namespace: 'test',
        port: 9898,
      },
    ]);
  });

  it('accepts and keeps the service and session affinity fields of the CRD', () => {
    const spec = specOf(
      canary(`  provider: gatewayapi:v1
  service:
    port: 9898
    headless: true
    trafficDistribution: PreferSameZone
    timeout: 5s
    backendTimeout: 2s
    rewrite: { uri: /api/v2, type: ReplacePrefixMatch, authority: api.example.com }
    gatewayRefs:
      - { name: public, namespace: gateways, sectionName: https }
    mirror:
      - backendRef: { name: podinfo-shadow, port: 9898 }
      - backendRef: { group: example.com, kind: Bucket, name: audit }
`).replace(
        'stepWeight: 10 }',
        'stepWeight: 10, sessionAffinity: { cookieName: canary, partitioned: true, secure: true } }',
      ),
    );
    expect(spec.service).toMatchObject({
      headless: true,
      trafficDistribution: 'PreferSameZone',
      timeout: '5s',
      backendTimeout: '2s',
      rewrite: {
        uri: '/api/v2',
        type: 'ReplacePrefixMatch',
        authority: 'api.example.com',
      },
      gatewayRefs: [
        { name: 'public', namespace: 'gateways', sectionName: 'https' },
      ],
      mirror: [
        { backendRef: { name: 'podinfo-shadow', port: 9898 } },
        { backendRef: { group: 'example.com', kind: 'Bucket', name: 'audit' } },
      ],
    });
    expect(spec.analysis.sessionAffinity).toEqual({
      cookieName: 'canary',
      partitioned: true,
      secure: true,
      maxAge: 86_400,
    });
  });

  it('defaults headless off and leaves the optional fields unset', () => {
    const spec = specOf(canary('  service: { port: 80 }'));
    expect(spec.service.headless).toBe(false);
    expect(spec.service.mirror).toEqual([]);
    expect(spec.service.trafficDistribution).toBeUndefined();
    expect(spec.service.backendTimeout).toBeUndefined();
  });

  it('refuses values the CRD refuses, naming the field', () => {
    expect(
      errorsOf(
        canary(`  provider: gatewayapi:v1
  service:
    port: 80
    headless: "yes"
    trafficDistribution: Nearby
    backendTimeout: soon
    rewrite: { type: 1 }
    gatewayRefs:
      - { apiVersion: gateway.networking.k8s.io/v1, name: public }
      - { name: "", namespace: Gateways, group: Example.com, port: 0, sectionName: "" }
    mirror:
      - backendRef: { name: shadow }
      - { name: shadow, port: 80 }
`),
      ),
    ).toEqual([
      'spec.service.trafficDistribution: must be one of "PreferClose", "PreferSameZone", "PreferSameNode", got "Nearby"',
      'spec.service.headless: must be a boolean, got string',
      'spec.service.backendTimeout: invalid duration "soon" (Go syntax, e.g. 1m30s or 500ms)',
      'spec.service.gatewayRefs[0].apiVersion: unknown field',
      'spec.service.gatewayRefs[1].group: must be a DNS subdomain (lowercase), or empty for the core group',
      'spec.service.gatewayRefs[1].name: must not be empty',
      'spec.service.gatewayRefs[1].namespace: must be a DNS label (lowercase)',
      'spec.service.gatewayRefs[1].sectionName: must be a DNS subdomain (lowercase)',
      'spec.service.gatewayRefs[1].port: must be between 1 and 65535',
      'spec.service.rewrite.type: must be a string, got number',
      'spec.service.mirror[0].backendRef.port: required for a Service backend',
      'spec.service.mirror[1].backendRef: required',
      'spec.service.mirror[1].name: unknown field',
      'spec.service.mirror[1].port: unknown field',
    ]);
    expect(
      errorsOf(
        canary('  service: { port: 80 }').replace(
          'stepWeight: 10 }',
          'stepWeight: 10, sessionAffinity: { cookieName: c, partitioned: "yes" } }',
        ),
      ),
    ).toEqual([
      'spec.analysis.sessionAffinity.partitioned: must be a boolean, got string',
    ]);
  });

  it('caps gatewayRefs at the 32 the CRD allows', () => {
    const refs = Array.from({ length: 33 }, (_, i) => `{ name: gw-${i} }`);
    expect(
      errorsOf(
        canary(`  provider: gatewayapi:v1
  service: { port: 80, gatewayRefs: [${refs.join(', ')}] }`),
      ),
    ).toEqual(['spec.service.gatewayRefs: must have at most 32 entries']);
  });
});

describe('parseRolloutDocument: alert severity', () => {
  it('takes the empty severity the CRD allows as the default, info', () => {
    const spec = specOf(
      canary('  service: { port: 80 }').replace(
        'stepWeight: 10 }',
        'stepWeight: 10, alerts: [{ name: team, severity: "", providerRef: { name: slack } }] }',
      ),
    );
    expect(spec.analysis.alerts).toEqual([
      { name: 'team', severity: 'info', providerRef: { name: 'slack' } },
    ]);
  });
});
