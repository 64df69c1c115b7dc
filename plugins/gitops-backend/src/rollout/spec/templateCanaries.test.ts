import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseRolloutDocument } from './parse';

// The canary documents the canary-service template writes, rendered by the
// scaffolder module's tests (lib/canaryDocuments.test.ts) into files beside
// the template: each must be a rollout the engine accepts as written.
const renderedDir = path.resolve(
  __dirname,
  '../../../../../examples/templates/canary-service/rendered',
);
const files = fs.readdirSync(renderedDir).filter(f => f.endsWith('.yaml'));

describe("the canary-service template's canary documents", () => {
  it('are all here', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('parses %s without errors or warnings', file => {
    const doc = parse(fs.readFileSync(path.join(renderedDir, file), 'utf8'));
    const result = parseRolloutDocument(doc);
    expect({ errors: result.errors, warnings: result.warnings }).toEqual({
      errors: [],
      warnings: [],
    });
    expect(result.spec).toMatchObject({
      targetRef: { kind: 'Deployment', name: 'web' },
      strategy: file.includes('blue-green') ? 'blueGreen' : 'canary',
    });
  });
});
