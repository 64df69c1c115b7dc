import { toGatewayMatches } from './gatewayMatches';

describe('toGatewayMatches', () => {
  it('matches every path when the spec has no match', () => {
    expect(toGatewayMatches([])).toEqual([
      { path: { type: 'PathPrefix', value: '/' } },
    ]);
  });

  it('turns Istio string matches into Gateway API matches, anchoring prefixes and suffixes as regexes', () => {
    expect(
      toGatewayMatches([
        {
          uri: { prefix: '/api' },
          method: { exact: 'GET' },
          headers: {
            'x-canary': { exact: 'insider' },
            'user-agent': { regex: '.*Firefox.*' },
            'x-tenant': { prefix: 'eu.' },
            'x-build': { suffix: '-rc' },
          },
          queryParams: { beta: { exact: 'true' } },
        },
        { uri: { exact: '/health' } },
      ]),
    ).toEqual([
      {
        path: { type: 'PathPrefix', value: '/api' },
        method: 'GET',
        headers: [
          { name: 'x-canary', type: 'Exact', value: 'insider' },
          {
            name: 'user-agent',
            type: 'RegularExpression',
            value: '.*Firefox.*',
          },
          { name: 'x-tenant', type: 'RegularExpression', value: '^eu\\..*' },
          { name: 'x-build', type: 'RegularExpression', value: '.*-rc$' },
        ],
        queryParams: [{ name: 'beta', type: 'Exact', value: 'true' }],
      },
      { path: { type: 'Exact', value: '/health' } },
    ]);
  });
});
