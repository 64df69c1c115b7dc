import fc from 'fast-check';
import { parseRolloutDocument } from './parse';
import type { ParseResult } from './types';

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

/** The documented shape a result breaks (nothing for a well-formed one). */
function broken(result: ParseResult): string[] {
  const problems: string[] = [];
  if (!Array.isArray(result.errors) || !Array.isArray(result.warnings)) {
    return ['errors and warnings must be arrays'];
  }
  for (const message of [...result.errors, ...result.warnings]) {
    if (typeof message !== 'string') problems.push('a message is no string');
  }
  if (result.errors.length === 0 && result.spec === undefined) {
    problems.push('no errors and no spec');
  }
  if (result.errors.length > 0 && result.spec !== undefined) {
    problems.push('errors and a spec');
  }
  for (const error of result.errors) {
    if (!error.includes(': ')) problems.push(`not 'path: message': ${error}`);
  }
  return problems;
}

describe('parseRolloutDocument (property)', () => {
  it('never throws; returns a spec, or `path: message` errors and no spec', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), rolloutish), doc => {
        expect(broken(parseRolloutDocument(doc))).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
  });
});
