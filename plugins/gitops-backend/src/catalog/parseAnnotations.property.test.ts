import { Entity } from '@backstage/catalog-model';
import { SLIPWAY_ANNOTATIONS as A } from '@slipway/plugin-gitops-common';
import fc from 'fast-check';
import { testProjectSettings } from '../__testUtils__/testProject';
import type { ParsedApp } from './AppSpec';
import { parseAnnotations } from './parseAnnotations';

const projects = testProjectSettings('group:default/team-a');

/** Annotation values: mostly plausible, sometimes hostile text. */
const annotationValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    'https://git.example.test/org/repo.git',
    'http://user:token@git.example.test/r.git',
    'dev, prod',
    'dev,dev',
    ',,,',
    '../..',
    '/abs',
    'apps/{cluster}',
    'apps/{nope}',
    'auto',
    'manual',
    'TRUE',
    'false',
    'yes',
    '\0',
    '{cluster}/../x',
  ),
);

const entity: fc.Arbitrary<Entity> = fc.record({
  apiVersion: fc.constant('backstage.io/v1alpha1'),
  kind: fc.oneof(fc.constant('Component'), fc.string({ minLength: 1 })),
  metadata: fc.record(
    {
      name: fc.string({ minLength: 1 }),
      namespace: fc.string({ minLength: 1 }),
      annotations: fc.dictionary(
        fc.oneof(fc.constantFrom(...Object.values(A)), fc.string()),
        annotationValue,
      ),
    },
    { requiredKeys: ['name'] },
  ),
  spec: fc.record(
    {
      type: fc.constant('service'),
      owner: fc.oneof(
        fc.constantFrom('team-a', 'group:default/team-a', 'team-b'),
        fc.string(),
      ),
    },
    { requiredKeys: [] },
  ),
});

/** The invariants an app breaks (none for a well-formed result). */
function broken(app: ParsedApp): string[] {
  const problems: string[] = [];
  if (app.key !== `${app.entityRef}@${app.cluster}`) problems.push('key');
  if (!app.valid) {
    if (typeof app.message !== 'string' || app.message === '') {
      problems.push('invalid app without a message');
    }
    return problems;
  }
  if (!/^https?:\/\//.test(app.repoUrl)) problems.push('repoUrl');
  if (app.path.split('/').includes('..') || app.path.startsWith('/')) {
    problems.push(`path ${app.path}`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(app.namespace)) {
    problems.push(`namespace ${app.namespace}`);
  }
  if (!['auto', 'manual'].includes(app.syncPolicy)) problems.push('syncPolicy');
  return problems;
}

describe('parseAnnotations (property)', () => {
  it('never throws and always returns at least one app with a message or a valid spec', () => {
    fc.assert(
      fc.property(entity, e => {
        const apps = parseAnnotations(e, projects);
        expect(apps.length).toBeGreaterThan(0);
        expect(apps.flatMap(broken)).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
  });
});
