import { parseRolloutDocument } from './parse';

/** A Canary as Flagger's CRD accepts it; each test breaks one part. */
const canary = (
  analysis: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: { name: 'web', namespace: 'test' },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    service: { port: 80 },
    analysis: { interval: '1m', threshold: 5, stepWeight: 10, ...analysis },
    ...spec,
  },
});

const errorsOf = (doc: unknown) => parseRolloutDocument(doc).errors;

describe("a Canary checked against Flagger's CRD", () => {
  it('accepts what the CRD accepts', () => {
    expect(errorsOf(canary())).toEqual([]);
    expect(
      errorsOf(
        canary({ interval: '1m30s', stepWeight: undefined, iterations: 3 }),
      ),
    ).toEqual([]);
  });

  it('needs interval and threshold', () => {
    expect(
      errorsOf(canary({ interval: undefined, threshold: undefined })),
    ).toEqual([
      'spec.analysis.interval: Required value',
      'spec.analysis.threshold: Required value',
    ]);
  });

  it('takes exactly one of iterations, stepWeight and stepWeights, also when analysis is skipped', () => {
    expect(errorsOf(canary({ iterations: 10 }))).toEqual([
      "spec.analysis: must set exactly one of iterations, stepWeight, stepWeights (Flagger's CRD); it sets iterations and stepWeight",
    ]);
    expect(
      errorsOf(canary({ stepWeight: undefined }, { skipAnalysis: true })),
    ).toEqual([
      "spec.analysis: must set exactly one of iterations, stepWeight, stepWeights (Flagger's CRD); it sets none",
    ]);
  });

  it('wants whole seconds or minutes first in intervals and webhook timeouts', () => {
    expect(
      errorsOf(
        canary({
          interval: '1h',
          metrics: [
            {
              name: 'request-duration',
              interval: '2h',
              thresholdRange: { max: 500 },
            },
          ],
          webhooks: [{ name: 'smoke', url: 'http://tester/', timeout: '1h' }],
        }),
      ),
    ).toEqual([
      `spec.analysis.interval: Invalid value: "1h": should match '^[0-9]+(m|s)'`,
      `spec.analysis.metrics[0].interval: Invalid value: "2h": should match '^[0-9]+(m|s)'`,
      `spec.analysis.webhooks[0].timeout: Invalid value: "1h": should match '^[0-9]+(m|s)'`,
    ]);
  });

  it('needs apiVersion and kind on every reference', () => {
    expect(
      errorsOf(
        canary(
          {},
          {
            targetRef: { kind: 'Deployment', name: 'web' },
            autoscalerRef: { name: 'web' },
          },
        ),
      ),
    ).toEqual([
      'spec.targetRef.apiVersion: Required value',
      'spec.autoscalerRef.apiVersion: Required value',
      'spec.autoscalerRef.kind: Required value',
    ]);
  });

  it("leaves Slipway's own Rollout its defaults and Go durations", () => {
    const result = parseRolloutDocument({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web' },
      spec: {
        targetRef: { kind: 'Deployment', name: 'web' },
        service: { port: 80 },
        analysis: { interval: '1h' },
        steps: [{ setWeight: 50 }],
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.spec!.analysis).toMatchObject({
      intervalMs: 3_600_000,
      threshold: 1,
    });
  });
});
