import { argoDocs } from './__testUtils__/argoDocs';
import { parseAnalysisTemplate } from './parseAnalysisTemplate';
import { collectTemplates, flattenArgs, flattenTemplates } from './templates';
import type { AnalysisTemplateRef, AnalysisTemplateSpec } from './types';

const read = async (load: () => Promise<unknown>) =>
  parseAnalysisTemplate(await load()).template!;

function lookupOf(templates: AnalysisTemplateSpec[]) {
  return (ref: AnalysisTemplateRef) =>
    templates.find(
      t =>
        t.name === ref.templateName &&
        (t.kind === 'ClusterAnalysisTemplate') === ref.clusterScope,
    );
}

const ref = (templateName: string, clusterScope = false) => ({
  templateName,
  clusterScope,
});

const bare = (
  name: string,
  fields: Partial<AnalysisTemplateSpec> = {},
): AnalysisTemplateSpec => ({
  kind: 'AnalysisTemplate',
  name,
  metrics: [],
  args: [],
  dryRun: [],
  measurementRetention: [],
  templates: [],
  ...fields,
});

const metric = (name: string) => ({
  name,
  provider: { prometheus: { query: 'up' } },
});

describe('collectTemplates', () => {
  let lookup: ReturnType<typeof lookupOf>;
  beforeAll(async () => {
    lookup = lookupOf([
      await read(argoDocs.successRate),
      await read(argoDocs.errorRate),
      await read(argoDocs.rates),
      await read(argoDocs.clusterSuccessRate),
    ]);
  });

  it('follows templates that reference templates, as the docs describe', () => {
    const { templates, errors } = collectTemplates([ref('rates')], lookup);
    expect(errors).toEqual([]);
    expect(templates.map(t => t.name)).toEqual([
      'rates',
      'success-rate',
      'error-rate',
    ]);
    const flat = flattenTemplates(templates);
    expect(flat.errors).toEqual([]);
    expect(flat.template!.metrics.map(m => m.name)).toEqual([
      'success-rate',
      'error-rate',
    ]);
    expect(flat.template!.args).toEqual([{ name: 'service-name' }]);
  });

  it('keeps a template referenced twice once, and puts cluster templates last', () => {
    const { templates } = collectTemplates(
      [ref('success-rate', true), ref('rates'), ref('error-rate')],
      lookup,
    );
    expect(templates.map(t => `${t.kind}/${t.name}`)).toEqual([
      'AnalysisTemplate/rates',
      'AnalysisTemplate/success-rate',
      'AnalysisTemplate/error-rate',
      'ClusterAnalysisTemplate/success-rate',
    ]);
    // …whose metric then has the name of one already there.
    expect(flattenTemplates(templates).errors).toEqual([
      "two metrics have the same name 'success-rate'",
    ]);
  });

  it('names a missing template and a reference cycle', () => {
    const loop = [
      bare('a', { templates: [ref('b')] }),
      bare('b', { templates: [ref('a')] }),
    ];
    expect(collectTemplates([ref('a')], lookupOf(loop)).errors).toEqual([
      'templates: reference cycle AnalysisTemplate a → AnalysisTemplate b → AnalysisTemplate a',
    ]);
    expect(collectTemplates([ref('nope', true)], lookup).errors).toEqual([
      'ClusterAnalysisTemplate "nope" not found',
    ]);
  });
});

describe('flattenTemplates', () => {
  it('combines metrics, args and rules in template order', () => {
    const flat = flattenTemplates([
      bare('a', {
        metrics: [metric('m1')],
        args: [{ name: 'x' }],
        dryRun: [{ metricName: 'm1' }],
      }),
      bare('b', {
        metrics: [metric('m2')],
        args: [
          { name: 'x', value: 'v' },
          { name: 'y', value: 'w' },
        ],
        measurementRetention: [{ metricName: 'm2', limit: 3 }],
      }),
    ]);
    expect(flat).toEqual({
      template: {
        metrics: [metric('m1'), metric('m2')],
        args: [
          { name: 'x', value: 'v' },
          { name: 'y', value: 'w' },
        ],
        dryRun: [{ metricName: 'm1' }],
        measurementRetention: [{ metricName: 'm2', limit: 3 }],
      },
      errors: [],
    });
  });

  it("refuses what Argo's merge refuses, in its words", () => {
    const flat = flattenTemplates([
      bare('a', {
        metrics: [metric('m')],
        args: [{ name: 'x', value: '1' }],
        dryRun: [{ metricName: 'm' }],
        measurementRetention: [{ metricName: 'm', limit: 1 }],
      }),
      bare('b', {
        metrics: [metric('m')],
        args: [{ name: 'x', value: '2' }],
        dryRun: [{ metricName: 'm' }],
        measurementRetention: [{ metricName: 'm', limit: 2 }],
      }),
    ]);
    expect(flat.errors).toEqual([
      "two metrics have the same name 'm'",
      "two Dry-Run metric rules have the same name 'm'",
      "two Measurement Retention metric rules have the same name 'm'",
      "Argument `x` specified multiple times with different values: '1', '2'",
    ]);
  });

  it("merges args as Argo's flattenArgs does", () => {
    const secret = {
      name: 'x',
      valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
    };
    // The same value twice is fine; a declaration without a value is replaced by a later one…
    expect(
      flattenArgs([
        [{ name: 'x' }],
        [{ name: 'x', value: 'v' }],
        [{ name: 'x', value: 'v' }],
      ]).args,
    ).toEqual([{ name: 'x', value: 'v' }]);
    // …even a Secret by a plain declaration, and a value is never replaced.
    expect(flattenArgs([[secret], [{ name: 'x' }]]).args).toEqual([
      { name: 'x' },
    ]);
    expect(flattenArgs([[{ name: 'x', value: 'v' }], [secret]]).args).toEqual([
      { name: 'x', value: 'v' },
    ]);
  });
});
