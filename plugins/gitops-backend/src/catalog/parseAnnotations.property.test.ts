import { Entity } from '@backstage/catalog-model';
import { SLIPWAY_ANNOTATIONS as A } from '@internal/plugin-gitops-common';
import fc from 'fast-check';
import { testProjectSettings } from '../__testUtils__/testProject';
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

describe('parseAnnotations (property)', () => {
  it('never throws and always returns at least one app with a message or a valid spec', () => {
    fc.assert(
      fc.property(entity, e => {
        const apps = parseAnnotations(e, projects);
        expect(apps.length).toBeGreaterThan(0);
        for (const app of apps) {
          expect(app.key).toBe(`${app.entityRef}@${app.cluster}`);
          if (!app.valid) {
            expect(typeof app.message).toBe('string');
            expect(app.message.length).toBeGreaterThan(0);
            continue;
          }
          expect(app.repoUrl).toMatch(/^https?:\/\//);
          expect(app.path.split('/')).not.toContain('..');
          expect(app.path.startsWith('/')).toBe(false);
          expect(app.namespace).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
          expect(['auto', 'manual']).toContain(app.syncPolicy);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
