import { resolveMetric, substituteArgs } from './substitute';
import type { AnalysisMetric } from './types';

describe('substituteArgs', () => {
  const values = {
    'service-name': 'guestbook',
    port: '9090',
    quote: 'a "b"\n',
  };

  it('replaces {{args.name}}, with or without spaces inside the braces', () => {
    expect(substituteArgs('{{args.service-name}}', values)).toBe('guestbook');
    expect(
      substituteArgs(
        'http://p:{{ args.port }}/x?s={{args.service-name}}',
        values,
      ),
    ).toBe('http://p:9090/x?s=guestbook');
    expect(substituteArgs('no placeholder {', values)).toBe('no placeholder {');
    // Values go in as they are, quotes and line breaks included.
    expect(substituteArgs('{{args.quote}}', values)).toBe('a "b"\n');
  });

  it('fails on a tag that names no argument, naming the last such tag as Argo does', () => {
    expect(() => substituteArgs('{{args.missing}}', values)).toThrow(
      'failed to resolve {{args.missing}}',
    );
    expect(() =>
      substituteArgs('{{ $labels.x }} and {{args.other }}', values),
    ).toThrow('failed to resolve {{args.other }}');
    expect(() => substituteArgs('{{args.port', values)).toThrow(
      /^Cannot find end tag="}}"/,
    );
  });
});

describe('resolveMetric', () => {
  const metric: AnalysisMetric = {
    name: '{{args.prefix}}-rate',
    count: '{{args.count}}',
    successCondition: 'result[0] >= {{args.threshold}}',
    provider: {
      web: {
        url: 'http://x/{{args.prefix}}',
        headers: [{ key: 'Authorization', value: 'Bearer {{ args.token }}' }],
        jsonBody: { '{{args.prefix}}': ['{{args.count}}', 1, true, null] },
      },
    },
  };

  it('substitutes in every string of the metric, as Argo resolves its whole JSON', () => {
    expect(
      resolveMetric(metric, {
        prefix: 'p',
        count: '5',
        threshold: '0.9',
        token: 't',
      }),
    ).toEqual({
      metric: {
        name: 'p-rate',
        count: '5',
        successCondition: 'result[0] >= 0.9',
        provider: {
          web: {
            url: 'http://x/p',
            headers: [{ key: 'Authorization', value: 'Bearer t' }],
            jsonBody: { p: ['5', 1, true, null] },
          },
        },
      },
    });
  });

  it('returns the error instead of throwing', () => {
    expect(resolveMetric(metric, { prefix: 'p' })).toEqual({
      error: expect.stringMatching(/^failed to resolve \{\{/),
    });
  });
});
