import { parseRolloutDocument } from './parse';

/** A valid canary; each test breaks one part of it. */
function canary(
  spec: Record<string, unknown> = {},
  analysis: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'web', namespace: 'test' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 1, stepWeight: 10, ...analysis },
      ...spec,
    },
  };
}

const errorsOf = (doc: unknown) => {
  const result = parseRolloutDocument(doc);
  expect(result.spec).toBeUndefined();
  return result.errors;
};

describe('validation', () => {
  it('accepts the base document', () => {
    expect(parseRolloutDocument(canary()).errors).toEqual([]);
  });

  it('rejects documents of other kinds, naming the field', () => {
    expect(errorsOf({ apiVersion: 'apps/v1', kind: 'Deployment' })).toEqual([
      'kind: expected flagger.app/v1beta1 Canary or slipway.dev/v1alpha1 Rollout, got apps/v1 Deployment',
    ]);
    expect(errorsOf(null)).toEqual([
      'kind: expected flagger.app/v1beta1 Canary or slipway.dev/v1alpha1 Rollout, got undefined undefined',
    ]);
    expect(
      errorsOf({ apiVersion: 'flagger.app/v1beta1', kind: 'Rollout' }),
    ).toEqual([
      'apiVersion: must be slipway.dev/v1alpha1 for a Rollout, got flagger.app/v1beta1',
    ]);
  });

  it('names apiVersion when a Canary has a version Flagger no longer serves (found by the upstream corpus test)', () => {
    // Flagger's docs still show v1alpha3 Canaries; its CRD serves only
    // v1beta1, so the API server answers 404 and Flagger never sees them.
    expect(
      errorsOf({
        apiVersion: 'flagger.app/v1alpha3',
        kind: 'Canary',
        metadata: { name: 'podinfo' },
        spec: {},
      }),
    ).toEqual([
      'apiVersion: must be flagger.app/v1beta1 for a Canary, got flagger.app/v1alpha3',
    ]);
  });

  it('reports unknown fields at every depth, all at once', () => {
    const doc = canary(
      {
        replicas: 2,
        targetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          namespce: 'x',
        },
        service: { port: 80, headers: { request: { append: {} } } },
      },
      {
        foo: true,
        metrics: [
          { name: 'request-success-rate', thresholdrange: { min: 99 } },
        ],
        webhooks: [
          {
            name: 'a',
            url: 'http://t/',
            metadata: { cmd: 'x' },
            timeOut: '5s',
          },
        ],
        match: [{ headers: { 'x-canary': { exact: 'a', glob: '*' } } }],
      },
    );
    expect(errorsOf(doc).sort()).toEqual(
      [
        'spec.replicas: unknown field',
        'spec.targetRef.namespce: unknown field',
        'spec.service.headers.request.append: unknown field',
        'spec.analysis.foo: unknown field',
        'spec.analysis.metrics[0].thresholdrange: unknown field',
        'spec.analysis.webhooks[0].timeOut: unknown field',
        'spec.analysis.match[0].headers.x-canary.glob: unknown field',
      ].sort(),
    );
  });

  it('reports unknown top-level and Rollout step fields', () => {
    expect(errorsOf({ ...canary(), extra: 1 })).toEqual([
      'extra: unknown field',
    ]);
    expect(
      errorsOf({
        apiVersion: 'slipway.dev/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'r' },
        spec: {
          targetRef: { kind: 'Deployment', name: 'web' },
          service: { port: 80 },
          steps: [
            { setWeight: 10 },
            { pause: { duration: '1m', until: 'x' } },
            { experiment: {} },
          ],
        },
      }),
    ).toEqual([
      'spec.steps[1].pause.until: unknown field',
      'spec.steps[2].experiment: unknown field',
    ]);
  });

  it('allows server-set metadata and status', () => {
    const doc = {
      ...canary(),
      metadata: { name: 'web', uid: 'u', generation: 3, managedFields: [] },
      status: { phase: 'Succeeded' },
    };
    expect(parseRolloutDocument(doc).errors).toEqual([]);
  });

  it('reports missing required fields and wrong types', () => {
    expect(
      errorsOf({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: {},
        spec: {
          targetRef: { kind: 'StatefulSet' },
          service: { port: '80' },
          skipAnalysis: 'yes',
        },
      }),
    ).toEqual([
      'metadata.name: required',
      'spec.targetRef.kind: must be one of "Deployment", "DaemonSet", "Service", got "StatefulSet"',
      'spec.targetRef.name: required',
      'spec.service.port: must be a number, got string',
      'spec.skipAnalysis: must be a boolean, got string',
      'spec.analysis: required (to promote without checks, keep it and set spec.skipAnalysis: true)',
      'spec.targetRef.apiVersion: Required value',
    ]);
  });

  it('reports weights and percentages out of range', () => {
    expect(
      errorsOf(
        canary(
          { service: { port: 70000 } },
          {
            stepWeight: 0,
            maxWeight: 101,
            stepWeights: [5, 150],
            mirrorWeight: -1,
            primaryReadyThreshold: 0,
            iterations: 1.5,
          },
        ),
      ),
    ).toEqual([
      'spec.service.port: must be between 1 and 65535',
      'spec.analysis.maxWeight: must be between 1 and 100',
      'spec.analysis.stepWeight: must be between 1 and 100',
      'spec.analysis.stepWeights[1]: must be between 1 and 100',
      'spec.analysis.iterations: must be an integer',
      'spec.analysis.mirrorWeight: must be between 0 and 100',
      'spec.analysis.primaryReadyThreshold: must be between 1 and 100',
      "spec.analysis: must set exactly one of iterations, stepWeight, stepWeights (Flagger's CRD); it sets iterations and stepWeight and stepWeights",
    ]);
  });

  it('reports bad durations with the value', () => {
    expect(
      errorsOf(
        canary(
          {},
          {
            interval: '1 minute',
            metrics: [
              {
                name: 'request-duration',
                interval: '5',
                thresholdRange: { max: 500 },
              },
            ],
          },
        ),
      ),
    ).toEqual([
      'spec.analysis.interval: invalid duration "1 minute" (Go syntax, e.g. 1m30s or 500ms)',
      'spec.analysis.metrics[0].interval: invalid duration "5" (Go syntax, e.g. 1m30s or 500ms)',
    ]);
    expect(
      errorsOf(
        canary(
          {},
          { webhooks: [{ name: 'a', url: 'http://t/', timeout: '10 s' }] },
        ),
      ),
    ).toEqual([
      'spec.analysis.webhooks[0].timeout: invalid duration "10 s" (a positive Go duration, e.g. 1m30s or 500ms)',
    ]);
    expect(
      errorsOf(
        canary(
          { service: { port: 80, retries: { perTryTimeout: '0s' } } },
          {
            metrics: [{ name: 'request-duration', interval: '0s' }],
          },
        ),
      ),
    ).toEqual([
      'spec.service.retries.perTryTimeout: must be positive',
      'spec.analysis.metrics[0].interval: must be positive',
    ]);
    expect(
      errorsOf(
        canary(
          {},
          { webhooks: [{ name: 'a', url: 'http://t/', timeout: '-5s' }] },
        ),
      ),
    ).toEqual([
      'spec.analysis.webhooks[0].timeout: invalid duration "-5s" (a positive Go duration, e.g. 1m30s or 500ms)',
    ]);
    expect(
      errorsOf({
        apiVersion: 'slipway.dev/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'r' },
        spec: {
          targetRef: { kind: 'Deployment', name: 'web' },
          service: { port: 80 },
          steps: [{ pause: { duration: '1d' } }],
        },
      }),
    ).toEqual([
      'spec.steps[0].pause.duration: invalid duration "1d" (seconds, or e.g. 10s, 10m, 10h)',
    ]);
  });

  it('rejects an analysis that can never advance', () => {
    expect(errorsOf(canary({}, { stepWeight: undefined }))).toEqual([
      'spec.analysis: needs stepWeight, stepWeights or iterations, otherwise the rollout never advances',
    ]);
  });

  it('rejects equal session affinity cookie names', () => {
    expect(
      errorsOf(
        canary(
          {},
          { sessionAffinity: { cookieName: 'c', primaryCookieName: 'c' } },
        ),
      ),
    ).toEqual([
      'spec.analysis.sessionAffinity.primaryCookieName: must differ from cookieName',
    ]);
  });

  it('rejects features the provider cannot route', () => {
    expect(
      errorsOf(
        canary(
          { provider: 'traefik' },
          {
            stepWeight: undefined,
            iterations: 5,
            match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
            mirror: true,
            sessionAffinity: { cookieName: 'c' },
          },
        ),
      ),
    ).toEqual([
      'spec.analysis.match: A/B testing is not supported by provider traefik',
      'spec.analysis.mirror: traffic mirroring is not supported by provider traefik',
      'spec.analysis.sessionAffinity: not supported by provider traefik',
    ]);
  });

  it('requires the routing objects a provider needs', () => {
    expect(errorsOf(canary({ provider: 'gatewayapi:v1' }))).toEqual([
      'spec.service.gatewayRefs: required for provider gatewayapi:v1',
    ]);
    expect(errorsOf(canary({ provider: 'nginx' }))).toEqual([
      'spec.ingressRef: required for provider nginx',
    ]);
    expect(errorsOf(canary({ provider: 'apisix' }))).toEqual([
      'spec.routeRef: required for provider apisix',
    ]);
    // Flagger's skipper router fails without it too: "ingress selector is empty".
    expect(errorsOf(canary({ provider: 'skipper' }))).toEqual([
      'spec.ingressRef: required for provider skipper',
    ]);
    expect(errorsOf(canary({ provider: 'envoy' }))[0]).toMatch(
      /^spec\.provider: must be one of "apisix"/,
    );
  });

  it('accepts Service targets only for Knative', () => {
    const target = {
      targetRef: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        name: 'web',
      },
    };
    expect(errorsOf(canary(target))).toEqual([
      'spec.targetRef.kind: Service targets need provider knative',
    ]);
    expect(
      parseRolloutDocument(canary({ ...target, provider: 'knative' })).errors,
    ).toEqual([]);
  });

  it('rejects conflicting or incomplete analysis settings', () => {
    expect(
      errorsOf(
        canary(
          {
            autoscalerRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'x',
            },
          },
          {
            stepWeight: undefined,
            stepWeights: [10, 10, 5],
            metrics: [
              { name: 'error-rate', thresholdRange: { max: 1 } },
              {
                name: 'latency',
                query: 'sum(x)',
                templateRef: { name: 'latency' },
                thresholdRange: { min: 5, max: 1 },
              },
              { name: 'latency', templateRef: { name: 'latency' } },
            ],
          },
        ),
      ),
    ).toEqual([
      'spec.autoscalerRef.kind: must be HorizontalPodAutoscaler or ScaledObject',
      'spec.analysis.stepWeights: must be strictly increasing',
      'spec.analysis.metrics[0]: needs templateRef unless the name is a builtin (request-success-rate, request-duration), got "error-rate"',
      'spec.analysis.metrics[1].query: cannot be combined with templateRef',
      'spec.analysis.metrics[1].thresholdRange: min must not be greater than max',
      'spec.analysis.metrics[2].name: duplicate metric "latency"',
    ]);
  });

  it('rejects webhook and alert values outside their enums', () => {
    expect(
      errorsOf(
        canary(
          {},
          {
            webhooks: [{ name: 'a', type: 'pre-promotion', url: 'not a url' }],
            alerts: [{ name: 'x', severity: 'critical', providerRef: {} }],
          },
        ),
      ),
    ).toEqual([
      'spec.analysis.webhooks[0].type: must be one of "", "confirm-rollout", "pre-rollout", "rollout", "confirm-traffic-increase", "confirm-promotion", "post-rollout", "rollback", "event", got "pre-promotion"',
      'spec.analysis.webhooks[0].url: must be an absolute URL',
      'spec.analysis.alerts[0].severity: must be one of "", "info", "warn", "error", got "critical"',
      'spec.analysis.alerts[0].providerRef.name: required',
    ]);
  });

  it('requires Rollout steps, each with exactly one action', () => {
    const rollout = (steps: unknown) => ({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'r' },
      spec: {
        targetRef: { kind: 'Deployment', name: 'web' },
        service: { port: 80 },
        steps,
      },
    });
    expect(errorsOf(rollout(undefined))).toEqual(['spec.steps: required']);
    expect(errorsOf(rollout([]))).toEqual(['spec.steps: must not be empty']);
    expect(
      errorsOf(rollout([{ setWeight: 10, pause: {} }, {}, { setWeight: 101 }])),
    ).toEqual(['spec.steps[2].setWeight: must be between 0 and 100']);
    expect(errorsOf(rollout([{ setWeight: 10, pause: {} }, {}]))).toEqual([
      'spec.steps[0]: must set exactly one of setWeight, pause, setCanaryScale, analysis',
      'spec.steps[1]: must set exactly one of setWeight, pause, setCanaryScale, analysis',
    ]);
    expect(errorsOf(rollout([{ analysis: { templates: [] } }]))).toEqual([
      'spec.steps[0].analysis.templates: must not be empty',
    ]);
  });
});
