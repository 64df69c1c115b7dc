import { parse as parseYaml } from 'yaml';
import { parseRolloutDocument } from './parse';

const errorsOf = (doc: unknown) => {
  const result = parseRolloutDocument(doc);
  expect(result.spec).toBeUndefined();
  return result.errors;
};

describe('parseRolloutDocument: null values', () => {
  // What Flagger's podinfo chart renders with its defaults and the canary
  // enabled: both webhook switches off leave `webhooks:` empty, and an empty
  // `annotations:` is the usual shape of a chart's metadata helper.
  const podinfoChart = `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
  annotations:
  labels:
    app: podinfo
    chart: podinfo-6.1.3
    release: podinfo
    heritage: Helm
spec:
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name:  podinfo
  autoscalerRef:
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    name:  podinfo
  service:
    port: 9898
    trafficPolicy:
      tls:
        mode: DISABLE
  analysis:
    interval: 15s
    threshold: 10
    maxWeight: 50
    stepWeight: 5
    metrics:
    - name: request-success-rate
      threshold: 99
      interval: 1m
    - name: request-duration
      threshold: 500
      interval: 1m
    webhooks:
`;

  it("accepts Flagger's podinfo chart as Helm renders it", () => {
    const result = parseRolloutDocument(parseYaml(podinfoChart));
    expect(result.errors).toEqual([]);
    expect(result.spec!.analysis).toMatchObject({
      intervalMs: 15_000,
      threshold: 10,
      stepWeight: 5,
      webhooks: [],
    });
    expect(result.spec!.analysis.metrics.map(m => m.name)).toEqual([
      'request-success-rate',
      'request-duration',
    ]);
  });

  it('treats a null field as absent at every depth, defaults included', () => {
    const doc = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'web', namespace: null, annotations: null },
      spec: {
        provider: null,
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        autoscalerRef: null,
        progressDeadlineSeconds: null,
        skipAnalysis: null,
        service: {
          port: 80,
          name: null,
          gateways: null,
          hosts: null,
          match: null,
          headers: { request: null, response: { remove: ['x-a'] } },
          apex: { labels: null, annotations: { team: 'shop' } },
          unmanagedMetadata: null,
        },
        analysis: {
          // Flagger's CRD requires both: null would leave them missing.
          interval: '1m',
          threshold: 1,
          stepWeight: 10,
          alerts: null,
          webhooks: [{ name: 'load', url: 'http://tester/', metadata: null }],
          metrics: [
            {
              name: 'request-success-rate',
              interval: null,
              thresholdRange: { min: 99, max: null },
              templateVariables: null,
            },
          ],
          match: null,
          sessionAffinity: null,
        },
      },
      status: null,
    };
    const before = structuredClone(doc);
    const result = parseRolloutDocument(doc);
    expect(result.errors).toEqual([]);
    expect(doc).toEqual(before);
    const spec = result.spec!;
    expect(spec.source.namespace).toBeUndefined();
    expect(spec.provider).toBe('istio');
    expect(spec.autoscalerRef).toBeUndefined();
    expect(spec.progressDeadlineSeconds).toBe(600);
    expect(spec.skipAnalysis).toBe(false);
    expect(spec.service).toMatchObject({
      name: 'web',
      gateways: ['mesh'],
      hosts: [],
      match: [],
      headers: { response: { remove: ['x-a'] } },
      apex: { labels: {}, annotations: { team: 'shop' } },
      unmanagedMetadata: { labels: [], annotations: [] },
    });
    expect(spec.analysis).toMatchObject({
      intervalMs: 60_000,
      alerts: [],
      match: [],
      sessionAffinity: undefined,
      webhooks: [expect.objectContaining({ name: 'load', metadata: {} })],
      metrics: [
        {
          name: 'request-success-rate',
          interval: '1m',
          thresholdRange: { min: 99 },
          templateVariables: {},
          source: 'builtin',
        },
      ],
    });
  });

  it('reads null-valued fields of a Rollout the same way', () => {
    const result = parseRolloutDocument({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'checkout', labels: null },
      spec: {
        targetRef: { kind: 'Deployment', name: 'checkout' },
        service: { port: 8080, hosts: null },
        paused: null,
        steps: [{ setWeight: 20, pause: null }, { pause: { duration: null } }],
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.spec!.paused).toBe(false);
    expect(result.spec!.steps).toEqual([
      { kind: 'setWeight', weight: 20 },
      { kind: 'pause' },
    ]);
  });

  it('still refuses what null leaves missing, and null list entries, naming the field', () => {
    expect(
      errorsOf({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: { name: null },
        spec: {
          targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          service: { port: null, hosts: [null] },
          analysis: {
            interval: '1m',
            threshold: null,
            stepWeight: 10,
            alerts: [null],
          },
        },
      }),
    ).toEqual([
      'metadata.name: required',
      'spec.service.port: required',
      'spec.service.hosts[0]: must be a string, got null',
      'spec.analysis.alerts[0]: must be an object, got null',
      'spec.analysis.threshold: Required value',
    ]);
  });
});
