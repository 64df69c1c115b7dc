import fc from 'fast-check';
import { parseRolloutDocument } from './parse';

/** Documents that pass the apiVersion/kind gate often enough to reach the schema. */
const rolloutish = fc.record(
  {
    apiVersion: fc.constantFrom(
      'flagger.app/v1beta1',
      'slipway.dev/v1alpha1',
      'v1',
    ),
    kind: fc.constantFrom('Canary', 'Rollout', 'Deployment'),
    metadata: fc.anything(),
    spec: fc.oneof(
      fc.anything(),
      fc.record(
        {
          targetRef: fc.oneof(
            fc.anything(),
            fc.record({
              apiVersion: fc.constant('apps/v1'),
              kind: fc.constant('Deployment'),
              name: fc.string(),
            }),
          ),
          service: fc.oneof(
            fc.anything(),
            fc.record({ port: fc.oneof(fc.integer(), fc.string()) }),
          ),
          analysis: fc.anything(),
          steps: fc.anything(),
          progressDeadlineSeconds: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('parseRolloutDocument (property)', () => {
  it('never throws; returns a spec, or `path: message` errors and no spec', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), rolloutish), doc => {
        const result = parseRolloutDocument(doc);
        expect(Array.isArray(result.errors)).toBe(true);
        expect(Array.isArray(result.warnings)).toBe(true);
        for (const message of [...result.errors, ...result.warnings]) {
          expect(typeof message).toBe('string');
        }
        if (result.errors.length === 0) {
          expect(result.spec).toBeDefined();
        } else {
          expect(result.spec).toBeUndefined();
          for (const error of result.errors) expect(error).toMatch(/: /);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
