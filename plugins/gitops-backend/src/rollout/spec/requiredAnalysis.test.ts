import { parseRolloutDocument } from './parse';

const canary = (spec: Record<string, unknown>) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: { name: 'web', namespace: 'test' },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    service: { port: 80 },
    ...spec,
  },
});

const errorsOf = (doc: unknown) => {
  const result = parseRolloutDocument(doc);
  expect(result.spec).toBeUndefined();
  return result.errors;
};

const REQUIRED =
  'spec.analysis: required (to promote without checks, keep it and set spec.skipAnalysis: true)';

describe('parseRolloutDocument: a Canary needs spec.analysis', () => {
  it('refuses a Canary without analysis instead of promoting every revision unchecked', () => {
    expect(errorsOf(canary({}))).toEqual([REQUIRED]);
    expect(errorsOf(canary({ analysis: null }))).toEqual([REQUIRED]);
  });

  it('refuses it even when analysis is to be skipped, as the CRD does', () => {
    expect(errorsOf(canary({ skipAnalysis: true }))).toEqual([REQUIRED]);
    const skipped = parseRolloutDocument(
      canary({
        skipAnalysis: true,
        analysis: { interval: '1m', threshold: 1, stepWeight: 10 },
      }),
    );
    expect(skipped.errors).toEqual([]);
    expect(skipped.spec!.skipAnalysis).toBe(true);
  });

  it('refuses the deprecated canaryAnalysis, which the CRD no longer has', () => {
    const analysis = { interval: '1m', threshold: 2, stepWeight: 10 };
    expect(errorsOf(canary({ canaryAnalysis: analysis }))).toEqual([
      REQUIRED,
      'spec.canaryAnalysis: renamed to spec.analysis, Flagger no longer reads it',
    ]);
    expect(errorsOf(canary({ canaryAnalysis: analysis, analysis }))).toEqual([
      'spec.canaryAnalysis: renamed to spec.analysis, Flagger no longer reads it',
    ]);
  });

  it('leaves a Rollout free to run its steps without analysis', () => {
    const result = parseRolloutDocument({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'checkout' },
      spec: {
        targetRef: { kind: 'Deployment', name: 'checkout' },
        service: { port: 8080 },
        steps: [{ setWeight: 50 }, { pause: {} }],
      },
    });
    expect(result.errors).toEqual([]);
  });
});
