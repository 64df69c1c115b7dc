import { z } from 'zod';
import { formatPath, issueMessages } from './issues';

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['spec', 'analysis', 'metrics', 0, 'name'])).toBe(
      'spec.analysis.metrics[0].name',
    );
    expect(formatPath([])).toBe('');
  });
});

describe('issueMessages', () => {
  const messages = (schema: z.ZodTypeAny, value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? [] : result.error.issues.flatMap(issueMessages);
  };

  it('names the document when the problem is at its root', () => {
    expect(messages(z.object({}).strict(), { a: 1, b: 2 })).toEqual([
      'a: unknown field',
      'b: unknown field',
    ]);
    expect(messages(z.string(), 1)).toEqual([
      '(document): must be a string, got number',
    ]);
  });

  it('uses "an" before vowels and describes literals and unions', () => {
    expect(messages(z.object({ a: z.array(z.string()) }), { a: 1 })).toEqual([
      'a: must be an array, got number',
    ]);
    expect(
      messages(z.object({ k: z.literal('Canary') }), { k: 'Rollout' }),
    ).toEqual(['k: must be "Canary"']);
    expect(
      messages(z.object({ p: z.union([z.number(), z.string()]) }), { p: true }),
    ).toEqual(['p: has an invalid value']);
  });

  it('lists the values of an enum given a value of another type (found by the upstream corpus test)', () => {
    expect(
      messages(z.object({ type: z.enum(['prometheus', 'datadog']) }), {
        type: 5,
      }),
    ).toEqual(['type: must be one of "prometheus", "datadog", got number']);
  });
});
