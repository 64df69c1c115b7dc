import {
  headerRoute,
  orderManagedRoutes,
  weightedRoutePort,
  withoutRoutes,
} from './istioManagedRoutes';

describe('Istio managed routes', () => {
  it('orders managed routes first in managedRoutes order, the others as they were', () => {
    const http = [{ name: 'team' }, { name: 'qa' }, {}, { name: 'beta' }];
    expect(orderManagedRoutes(http, ['beta', 'qa']).map(r => r.name)).toEqual([
      'beta',
      'qa',
      'team',
      undefined,
    ]);
    expect(orderManagedRoutes(http, [])).toBe(http);
    expect(withoutRoutes(http, ['qa', 'beta']).map(r => r.name)).toEqual([
      'team',
      undefined,
    ]);
  });

  it('takes the port of the weighted route first destination, 0 without one', () => {
    const http = [
      {
        name: 'a',
        route: [{ destination: { host: 'x', port: { number: 8080 } } }],
      },
      { name: 'b', route: [{ destination: { host: 'x' } }] },
    ];
    expect(weightedRoutePort(http, ['a'])).toBe(8080);
    expect(weightedRoutePort(http, ['b'])).toBe(0);
    expect(weightedRoutePort(http, ['missing'])).toBe(0);
  });

  it('builds a header route to the canary with each header as a match', () => {
    expect(
      headerRoute(
        {
          name: 'beta',
          match: [
            { headerName: 'x-a', headerValue: { exact: '1' } },
            { headerName: 'x-b', headerValue: { prefix: 'p' } },
          ],
        },
        { host: 'web', subset: 'canary', port: 0 },
      ),
    ).toEqual({
      name: 'beta',
      match: [
        { headers: { 'x-a': { exact: '1' } } },
        { headers: { 'x-b': { prefix: 'p' } } },
      ],
      route: [{ weight: 100, destination: { host: 'web', subset: 'canary' } }],
    });
  });
});
