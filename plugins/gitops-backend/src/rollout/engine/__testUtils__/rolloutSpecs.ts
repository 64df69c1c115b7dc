import { parseRolloutDocument } from '../../spec';
import type { RolloutSpec } from '../../spec';

type Fields = Record<string, unknown>;

const target = {
  targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
  progressDeadlineSeconds: 120,
  service: { port: 80, targetPort: 9898 },
};

const successRate = {
  name: 'request-success-rate',
  interval: '15s',
  thresholdRange: { min: 99 },
};

/** A webhook of a type, as a document lists it. */
export const hook = (type: string, name: string) => ({
  name,
  type,
  url: `http://127.0.0.1:9/${name}`,
});

/**
 * A Flagger Canary parsed as the engine gets it. Defaults as in the e2e
 * suites: Istio, a 1 minute interval, threshold 2, 10 % steps up to 30 %.
 */
export function canarySpec(
  analysis: Fields = {},
  spec: Fields = {},
): RolloutSpec {
  return parse({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      provider: 'istio',
      ...target,
      analysis: {
        interval: '1m',
        threshold: 2,
        ...('iterations' in analysis ? {} : { maxWeight: 30, stepWeight: 10 }),
        metrics: [successRate],
        ...analysis,
      },
      ...spec,
    },
  });
}

/** A Slipway Rollout with explicit steps. */
export function steppedSpec(
  steps: Fields[],
  analysis: Fields = {},
): RolloutSpec {
  return parse({
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      provider: 'istio',
      ...target,
      steps,
      analysis: {
        interval: '1m',
        threshold: 2,
        metrics: [successRate],
        ...analysis,
      },
    },
  });
}

function parse(doc: unknown): RolloutSpec {
  const { spec, errors } = parseRolloutDocument(doc);
  if (!spec) throw new Error(`test spec is invalid: ${errors.join('; ')}`);
  return spec;
}
