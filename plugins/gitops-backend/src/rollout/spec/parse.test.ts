import { parse as parseYaml } from 'yaml';
import { parseRolloutDocument, findTargetConflicts } from './parse';
import type { RolloutSpec } from './types';

const parse = (yaml: string) => parseRolloutDocument(parseYaml(yaml));

function specOf(yaml: string): RolloutSpec {
  const result = parse(yaml);
  expect(result.errors).toEqual([]);
  return result.spec!;
}

// The podinfo example of Flagger's Istio tutorial, with every section filled in.
const podinfoCanary = `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
  namespace: test
  labels: { app: podinfo }
  uid: 1b6c7d9a-1111-2222-3333-444455556666
spec:
  provider: istio
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: podinfo
  autoscalerRef:
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    name: podinfo
  progressDeadlineSeconds: 60
  revertOnDeletion: true
  service:
    port: 9898
    targetPort: http
    portDiscovery: true
    gateways: [public-gateway.istio-system.svc.cluster.local]
    hosts: [app.example.com]
    match:
      - uri: { prefix: / }
    rewrite: { uri: / }
    retries: { attempts: 3, perTryTimeout: 1s, retryOn: "gateway-error,connect-failure,refused-stream" }
    headers:
      request:
        add: { x-some-header: value }
      response:
        remove: [x-envoy-upstream-service-time]
    corsPolicy:
      allowOrigin: ["example.com"]
      allowMethods: [GET]
    trafficPolicy:
      tls: { mode: ISTIO_MUTUAL }
    apex:
      annotations: { test: annotation }
    primary:
      labels: { tier: stable }
    canary:
      labels: { tier: canary }
  analysis:
    interval: 1m
    threshold: 2
    maxWeight: 50
    stepWeight: 10
    metrics:
      - name: request-success-rate
        thresholdRange: { min: 99 }
        interval: 1m
      - name: request-duration
        thresholdRange: { max: 500 }
        interval: 30s
      - name: error-rate
        templateRef: { name: error-rate, namespace: istio-system }
        thresholdRange: { max: 1 }
        templateVariables: { reporter: destination }
    webhooks:
      - name: acceptance-test
        type: pre-rollout
        url: http://flagger-loadtester.test/
        timeout: 30s
        metadata: { type: bash, cmd: "curl -sd 'test' http://podinfo-canary:9898/token | grep token" }
      - name: load-test
        url: http://flagger-loadtester.test/
        timeout: 5s
        retries: 3
        metadata: { cmd: "hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/" }
      - name: gate
        type: confirm-promotion
        url: http://flagger-loadtester.test/gate/check
        muteAlert: true
    alerts:
      - name: on-call
        severity: error
        providerRef: { name: on-call, namespace: flagger }
      - name: dev team
        providerRef: { name: dev-slack }
`;

describe('parseRolloutDocument: Flagger Canary', () => {
  it('parses the full podinfo example into a canary RolloutSpec', () => {
    const spec = specOf(podinfoCanary);
    expect(spec.source).toEqual({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      name: 'podinfo',
      namespace: 'test',
    });
    expect(spec.strategy).toBe('canary');
    expect(spec.provider).toBe('istio');
    expect(spec.progressDeadlineSeconds).toBe(60);
    expect(spec.revertOnDeletion).toBe(true);
    expect(spec.skipAnalysis).toBe(false);
    expect(spec.autoscalerRef).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      name: 'podinfo',
    });
    expect(spec.service).toMatchObject({
      name: 'podinfo',
      port: 9898,
      portName: 'http',
      targetPort: 'http',
      portDiscovery: true,
      gateways: ['public-gateway.istio-system.svc.cluster.local'],
      hosts: ['app.example.com'],
      retries: { attempts: 3, perTryTimeout: '1s' },
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      apex: { labels: {}, annotations: { test: 'annotation' } },
      primary: { labels: { tier: 'stable' }, annotations: {} },
      canary: { labels: { tier: 'canary' }, annotations: {} },
    });
    expect(spec.analysis).toMatchObject({
      intervalMs: 60_000,
      threshold: 2,
      maxWeight: 50,
      stepWeight: 10,
      stepWeights: [],
      iterations: 0,
    });
    expect(spec.analysis.metrics).toEqual([
      {
        name: 'request-success-rate',
        interval: '1m',
        thresholdRange: { min: 99 },
        templateVariables: {},
        source: 'builtin',
      },
      {
        name: 'request-duration',
        interval: '30s',
        thresholdRange: { max: 500 },
        templateVariables: {},
        source: 'builtin',
      },
      {
        name: 'error-rate',
        interval: '1m',
        thresholdRange: { max: 1 },
        templateRef: { name: 'error-rate', namespace: 'istio-system' },
        templateVariables: { reporter: 'destination' },
        source: 'template',
      },
    ]);
    expect(
      spec.analysis.webhooks.map(w => [
        w.name,
        w.type,
        w.timeoutMs,
        w.retries,
        w.muteAlert,
      ]),
    ).toEqual([
      ['acceptance-test', 'pre-rollout', 30_000, 0, false],
      ['load-test', 'rollout', 5_000, 3, false],
      ['gate', 'confirm-promotion', 10_000, 0, true],
    ]);
    expect(spec.analysis.alerts).toEqual([
      {
        name: 'on-call',
        severity: 'error',
        providerRef: { name: 'on-call', namespace: 'flagger' },
      },
      {
        name: 'dev team',
        severity: 'info',
        providerRef: { name: 'dev-slack' },
      },
    ]);
    expect(spec.steps).toEqual([]);
  });

  // interval and threshold are what Flagger's CRD requires of a Canary.
  it('applies every default to a minimal canary', () => {
    const result = parse(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis:
    interval: 1m
    threshold: 1
    stepWeight: 5
    webhooks:
      - { name: smoke, type: "", url: "http://tester/" }
    metrics:
      - name: request-success-rate
        threshold: 99
    sessionAffinity: { cookieName: flagger-cookie }
`);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const spec = result.spec!;
    expect(spec.provider).toBe('istio');
    expect(spec.metricsServer).toBe('http://prometheus:9090');
    expect(spec.progressDeadlineSeconds).toBe(600);
    expect(spec.skipAnalysis).toBe(false);
    expect(spec.suspend).toBe(false);
    expect(spec.revertOnDeletion).toBe(false);
    expect(spec.service).toMatchObject({
      name: 'web',
      portName: 'http',
      targetPort: 80,
      portDiscovery: false,
      gateways: ['mesh'],
      hosts: [],
      match: [],
      unmanagedMetadata: { labels: [], annotations: [] },
    });
    expect(spec.analysis).toEqual({
      intervalMs: 60_000,
      threshold: 1,
      maxWeight: 100,
      stepWeight: 5,
      stepWeights: [],
      stepWeightPromotion: 0,
      iterations: 0,
      mirror: false,
      mirrorWeight: 0,
      primaryReadyThreshold: 100,
      canaryReadyThreshold: 100,
      match: [],
      sessionAffinity: { cookieName: 'flagger-cookie', maxAge: 86_400 },
      metrics: [
        {
          name: 'request-success-rate',
          interval: '1m',
          threshold: 99,
          thresholdRange: { min: 99 },
          templateVariables: {},
          source: 'builtin',
        },
      ],
      webhooks: [
        {
          name: 'smoke',
          type: 'rollout',
          url: 'http://tester/',
          timeoutMs: 10_000,
          metadata: {},
          retries: 0,
          disableTLS: false,
          muteAlert: false,
        },
      ],
      alerts: [],
      onNoData: 'fail',
    });
    expect(spec).toMatchObject({
      paused: false,
      progressDeadlineAbort: false,
      scaleDownDelaySeconds: 30,
      abortScaleDownDelaySeconds: 30,
    });
  });

  it('uses the configured default provider and metrics server', () => {
    const result = parseRolloutDocument(
      {
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: { name: 'web' },
        spec: {
          targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          service: { port: 80 },
          analysis: { interval: '1m', threshold: 1, stepWeight: 10 },
        },
      },
      {
        defaultProvider: 'linkerd',
        defaultMetricsServer: 'http://prom.monitoring:9090',
      },
    );
    expect(result.spec).toMatchObject({
      provider: 'linkerd',
      metricsServer: 'http://prom.monitoring:9090',
      service: { gateways: [] },
    });
  });

  it('skips analysis when asked to', () => {
    const asked = specOf(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web }
spec:
  skipAnalysis: true
  suspend: true
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis: { interval: 30s, threshold: 1, stepWeight: 10 }
`);
    expect(asked).toMatchObject({
      skipAnalysis: true,
      suspend: true,
      analysis: { intervalMs: 30_000 },
    });
  });

  it('turns the deprecated metric threshold into a range in the direction Flagger checks it', () => {
    const spec = specOf(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis:
    interval: 1m
    threshold: 1
    stepWeight: 10
    metrics:
      - { name: request-success-rate, threshold: 99 }
      - { name: request-duration, threshold: 500 }
      - { name: custom, query: "sum(up)", threshold: 3 }
      - { name: ranged, query: "sum(up)", threshold: 3, thresholdRange: { min: 1 } }
`);
    expect(
      spec.analysis.metrics.map(m => [m.source, m.thresholdRange]),
    ).toEqual([
      ['builtin', { min: 99 }],
      ['builtin', { max: 500 }],
      ['query', { max: 3 }],
      ['query', { min: 1 }],
    ]);
  });

  it('warns about a mirrorWeight without mirror', () => {
    const result = parse(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis: { interval: 1m, threshold: 1, stepWeight: 10, mirrorWeight: 20 }
`);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'spec.analysis.mirrorWeight: ignored without mirror: true',
    ]);
  });

  it('takes maxWeight from the last stepWeights entry, capped at 100', () => {
    const spec = specOf(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis:
    interval: 1m
    threshold: 1
    maxWeight: 30
    stepWeights: [1, 2, 10, 80]
    stepWeightPromotion: 25
`);
    expect(spec.analysis).toMatchObject({
      stepWeight: 0,
      stepWeights: [1, 2, 10, 80],
      maxWeight: 80,
      stepWeightPromotion: 25,
    });
  });

  it('treats threshold <= 0 as 1 and raises intervals below 10s to 10s', () => {
    const result = parse(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis: { interval: 5s, threshold: 0, stepWeight: 10 }
`);
    expect(result.spec!.analysis).toMatchObject({
      intervalMs: 10_000,
      threshold: 1,
    });
    expect(result.warnings).toEqual([
      'spec.analysis.interval: 5s is below the 10s minimum, using 10s',
    ]);
  });

  it('derives blue/green from iterations, with a Knative-free kubernetes provider', () => {
    const spec = specOf(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: test }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  progressDeadlineSeconds: 60
  service: { port: 80, targetPort: 9898, portDiscovery: true }
  analysis:
    interval: 30s
    threshold: 2
    iterations: 10
    metrics:
      - name: request-success-rate
        thresholdRange: { min: 99 }
    webhooks:
      - name: load-test
        url: http://flagger-loadtester.test/
        metadata: { type: cmd, cmd: "hey -z 1m -q 10 -c 2 http://podinfo-canary.test/" }
`);
    expect(spec.strategy).toBe('blueGreen');
    expect(spec.analysis.iterations).toBe(10);
    expect(spec.service.gateways).toEqual([]);
  });

  it('forces blue/green on the kubernetes provider like Flagger, with warnings', () => {
    const result = parse(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis:
    interval: 1m
    threshold: 1
    stepWeight: 10
    match:
      - headers: { x-canary: { exact: insider } }
`);
    expect(result.errors).toEqual([]);
    expect(result.spec!.strategy).toBe('blueGreen');
    expect(result.spec!.analysis).toMatchObject({ iterations: 10, match: [] });
    expect(result.warnings).toEqual([
      'spec.analysis.match: ignored, provider kubernetes has no traffic router',
      'spec.analysis.iterations: set to 10, provider kubernetes only supports blue/green',
    ]);
  });

  it('derives A/B testing from match plus iterations and lowercases header names', () => {
    const spec = specOf(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: test }
spec:
  provider: nginx
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  ingressRef: { apiVersion: networking.k8s.io/v1, kind: Ingress, name: podinfo }
  service: { port: 80, targetPort: 9898 }
  analysis:
    interval: 1m
    threshold: 10
    iterations: 10
    match:
      - headers:
          X-Canary: { exact: insider }
      - headers:
          cookie: { regex: "^(.*?;)?(canary=always)(;.*)?$" }
    metrics:
      - name: request-success-rate
        thresholdRange: { min: 99 }
`);
    expect(spec.strategy).toBe('abTesting');
    expect(spec.analysis.match).toEqual([
      { headers: { 'x-canary': { exact: 'insider' } } },
      { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
    ]);
    expect(spec.ingressRef).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      name: 'podinfo',
    });
  });

  it('derives mirroring from blue/green with mirror, keeping a canary with mirror a canary', () => {
    const base = (analysis: string) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: test }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  service: { port: 9898 }
  analysis: ${analysis}
`;
    const mirrored = specOf(
      base(
        '{ interval: 1m, iterations: 10, mirror: true, mirrorWeight: 50, threshold: 2 }',
      ),
    );
    expect(mirrored.strategy).toBe('mirroring');
    expect(mirrored.analysis).toMatchObject({
      mirror: true,
      mirrorWeight: 50,
      iterations: 10,
    });
    const canary = specOf(
      base('{ interval: 1m, threshold: 1, stepWeight: 10, mirror: true }'),
    );
    expect(canary.strategy).toBe('canary');
    expect(canary.analysis.mirror).toBe(true);
  });

  it('accepts the Gateway API provider with gatewayRefs and session affinity', () => {
    const spec = specOf(`
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: test }
spec:
  provider: gatewayapi:v1
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  service:
    port: 9898
    hosts: [www.example.com]
    gatewayRefs: [{ name: gateway, namespace: istio-ingress }]
  analysis:
    interval: 1m
    threshold: 1
    stepWeight: 10
    sessionAffinity: { cookieName: canary-cookie, primaryCookieName: primary-cookie, maxAge: 21600 }
`);
    expect(spec.service.gatewayRefs).toEqual([
      { name: 'gateway', namespace: 'istio-ingress' },
    ]);
    expect(spec.analysis.sessionAffinity).toEqual({
      cookieName: 'canary-cookie',
      primaryCookieName: 'primary-cookie',
      maxAge: 21600,
    });
  });
});

describe('parseRolloutDocument: Slipway Rollout', () => {
  it('parses explicit steps into the steps strategy with Argo defaults', () => {
    const result = parse(`
apiVersion: slipway.dev/v1alpha1
kind: Rollout
metadata: { name: checkout, namespace: shop }
spec:
  provider: istio
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: checkout }
  service: { port: 8080 }
  progressDeadlineAbort: true
  analysis:
    interval: 30s
    threshold: 3
    stepWeight: 10
    metrics:
      - name: request-success-rate
        thresholdRange: { min: 99 }
  steps:
    - setWeight: 20
    - pause: { duration: 10m }
    - setCanaryScale: { replicas: 3 }
    - setWeight: 50
    - pause: { duration: 30 }
    - analysis:
        templates: [{ templateName: success-rate }]
        args: [{ name: service-name, value: checkout }]
    - pause: {}
    - setWeight: 100
`);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'spec.analysis.stepWeight: ignored, explicit steps win',
    ]);
    const spec = result.spec!;
    expect(spec.strategy).toBe('steps');
    expect(spec.source.kind).toBe('Rollout');
    expect(spec.steps).toEqual([
      { kind: 'setWeight', weight: 20 },
      { kind: 'pause', durationMs: 600_000 },
      { kind: 'setCanaryScale', replicas: 3 },
      { kind: 'setWeight', weight: 50 },
      { kind: 'pause', durationMs: 30_000 },
      {
        kind: 'analysis',
        templates: [{ templateName: 'success-rate' }],
        args: [{ name: 'service-name', value: 'checkout' }],
      },
      { kind: 'pause' },
      { kind: 'setWeight', weight: 100 },
    ]);
    expect(spec).toMatchObject({
      progressDeadlineAbort: true,
      paused: false,
      scaleDownDelaySeconds: 30,
      abortScaleDownDelaySeconds: 30,
      progressDeadlineSeconds: 600,
      analysis: { intervalMs: 30_000, threshold: 3 },
    });
  });

  it('defaults the interval and threshold a Rollout leaves out, and reads a one-character webhook timeout as 10s', () => {
    const spec = specOf(`
apiVersion: slipway.dev/v1alpha1
kind: Rollout
metadata: { name: checkout }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: checkout }
  service: { port: 8080 }
  analysis:
    webhooks:
      - { name: smoke, url: "http://tester/", timeout: "5" }
  steps: [{ setWeight: 50 }]
`);
    expect(spec.analysis).toMatchObject({ intervalMs: 60_000, threshold: 1 });
    expect(spec.analysis.webhooks[0].timeoutMs).toBe(10_000);
  });

  it('needs no stepWeight or iterations when steps are given', () => {
    const spec = specOf(`
apiVersion: slipway.dev/v1alpha1
kind: Rollout
metadata: { name: checkout }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: checkout }
  service: { port: 8080 }
  paused: true
  abortScaleDownDelaySeconds: 0
  analysis: { interval: 1m }
  steps: [{ setWeight: 50 }, { pause: { duration: "1h" } }]
`);
    expect(spec).toMatchObject({
      paused: true,
      abortScaleDownDelaySeconds: 0,
      strategy: 'steps',
    });
  });
});

describe('findTargetConflicts', () => {
  const doc = (name: string, target: string, namespace = 'test') =>
    parseRolloutDocument({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name, namespace },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
        service: { port: 80 },
        analysis: { interval: '1m', threshold: 1, stepWeight: 10 },
      },
    }).spec!;

  it('reports a second rollout on the same workload', () => {
    expect(
      findTargetConflicts([
        doc('a', 'web'),
        doc('b', 'web'),
        doc('c', 'api'),
        doc('d', 'web', 'prod'),
      ]),
    ).toEqual([
      'Canary b: spec.targetRef: Deployment web is already the target of Canary a',
    ]);
  });
});
