import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseManifests } from './parseManifests';
import { RenderError } from './RenderError';

/** Either objects with apiVersion, kind and a name, or a RenderError: nothing else. */
async function parsesOrRefuses(text: string): Promise<void> {
  let objects;
  try {
    objects = await parseManifests(text, 'fuzz.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(RenderError);
    expect((error as Error).message.startsWith('fuzz.yaml')).toBe(true);
    return;
  }
  for (const object of objects) {
    expect(typeof object.apiVersion).toBe('string');
    expect(typeof object.kind).toBe('string');
    expect(
      typeof object.metadata.name === 'string' ||
        typeof object.metadata.generateName === 'string',
    ).toBe(true);
  }
}

/** Text made of YAML's own punctuation, so the parser sees its hard cases. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'apiVersion: v1\n',
        'kind: ConfigMap\n',
        'metadata:\n',
        '  name: x\n',
        '---\n',
        '...\n',
        '&a ',
        '*a',
        '[',
        ']',
        '{',
        '}',
        '- ',
        ': ',
        '? ',
        '|\n',
        '>-\n',
        '"',
        "'",
        '#',
        '!!binary ',
        '!!map ',
        '%YAML 1.2\n',
        '<<: *a\n',
        '  ',
        '\t',
        '\n',
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 40 },
  )
  .map(parts => parts.join(''));

const safeKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter(k => k !== '__proto__');

const manifest = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1', 'example.com/v1alpha1'),
  kind: fc.constantFrom('ConfigMap', 'Secret', 'Widget'),
  metadata: fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }) }),
  data: fc.dictionary(
    safeKey,
    fc.oneof(fc.string(), fc.integer(), fc.boolean()),
  ),
});

describe('parseManifests (property)', () => {
  it('arbitrary text: parses or throws a RenderError naming the file', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), yamlish), async text => {
        runs += 1;
        await parsesOrRefuses(text);
      }),
      { numRuns: 10_000 },
    );
    expect(runs).toBeGreaterThanOrEqual(10_000);
  }, 120_000);

  it('structured YAML: any value parses or throws a RenderError; manifests round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue(), fc.array(manifest, { maxLength: 3 })),
        async value => {
          await parsesOrRefuses(stringify(value));
        },
      ),
      { numRuns: 5_000 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(manifest, { minLength: 1, maxLength: 4 }),
        async objects => {
          const text = objects.map(o => stringify(o)).join('---\n');
          expect(await parseManifests(text, 'm.yaml')).toEqual(objects);
        },
      ),
      { numRuns: 5_000 },
    );
  }, 120_000);
});
