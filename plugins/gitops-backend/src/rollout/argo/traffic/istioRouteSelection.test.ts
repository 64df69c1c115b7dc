import {
  checkRouteDestinations,
  httpRouteIndexes,
  selectRoutes,
  shortHost,
  tcpRouteIndexes,
  tlsRouteIndexes,
} from './istioRouteSelection';

const config = { name: 'web', routes: [], tlsRoutes: [], tcpRoutes: [] };
const backends = { stableService: 'web-stable', canaryService: 'web-canary' };
const split = (extra = {}) => ({
  ...extra,
  route: [
    { destination: { host: 'web-stable' } },
    { destination: { host: 'web-canary.shop.svc.cluster.local' } },
  ],
});

describe('Istio route selection', () => {
  it('reads hosts up to the first dot', () => {
    expect(shortHost('web.shop.svc.cluster.local')).toBe('web');
    expect(shortHost('web')).toBe('web');
    expect(shortHost('.web')).toBe('');
    expect(shortHost(undefined)).toBe('');
  });

  it('picks HTTP routes by name, else the only one, else the first unnamed', () => {
    const http = [{ name: 'a' }, {}, { name: 'b' }, {}];
    expect(httpRouteIndexes(['b', 'a'], http)).toEqual([2, 0]);
    expect(httpRouteIndexes([], [{ name: 'only' }])).toEqual([0]);
    expect(httpRouteIndexes([], http)).toEqual([1]);
    expect(httpRouteIndexes([], [{ name: 'a' }, { name: 'b' }])).toEqual([]);
    expect(() => httpRouteIndexes(['c'], http)).toThrow(
      "HTTP Route 'c' is not found in the defined Virtual Service.",
    );
  });

  it('matches TLS routes by one port and the same SNI hosts in any order, TCP routes by port', () => {
    const tls = [
      { match: [{ port: 443, sniHosts: ['a', 'b'] }] },
      {
        match: [
          { port: 443, sniHosts: ['b'] },
          { port: 443, sniHosts: ['a'] },
        ],
      },
      {
        match: [
          { port: 443, sniHosts: ['a', 'b'] },
          { port: 8443, sniHosts: ['a'] },
        ],
      },
      { match: [{ sniHosts: ['a', 'b'] }] },
    ];
    expect(tlsRouteIndexes([{ port: 443, sniHosts: ['b', 'a'] }], tls)).toEqual(
      [0, 1],
    );
    expect(tlsRouteIndexes([{ sniHosts: ['a', 'b'] }], tls)).toEqual([3]);
    expect(tlsRouteIndexes([], tls)).toEqual([0]);
    expect(() =>
      tlsRouteIndexes([{ port: 443, sniHosts: ['a'] }], tls),
    ).toThrow('No matching TLS routes found in the defined Virtual Service.');
    const tcp = [
      { match: [{ port: 3306 }] },
      {},
      { match: [{ port: 3306 }, { port: 3307 }] },
    ];
    expect(tcpRouteIndexes([{ port: 3306 }], tcp)).toEqual([0]);
    expect(tcpRouteIndexes([{}], tcp)).toEqual([1]);
    expect(() => tcpRouteIndexes([{ port: 3307 }], tcp)).toThrow(
      'No matching TCP routes found in the defined Virtual Service.',
    );
  });

  it('wants both services in a route, or both subsets with a DestinationRule', () => {
    expect(() => checkRouteDestinations(split(), backends)).not.toThrow();
    expect(() =>
      checkRouteDestinations(split(), { ...backends, canaryService: 'x' }),
    ).toThrow("Canary Service 'x' not found in route");
    const subsets = {
      route: [{ destination: { host: 'web', subset: 'stable' } }],
    };
    expect(() =>
      checkRouteDestinations(subsets, {
        ...backends,
        subsets: { canary: 'canary', stable: 'stable' },
      }),
    ).toThrow("Canary DestinationRule subset 'canary' not found in route");
  });

  it('allows one unnamed route besides the managed ones, and checks TLS routes only when present', () => {
    const http = [split({ name: 'header' }), split()];
    expect(selectRoutes('http', http, config, backends, ['header'])).toEqual([
      1,
    ]);
    // Not listed in managedRoutes, the header route counts as a second route.
    expect(() => selectRoutes('http', http, config, backends, [])).toThrow(
      'spec.http[] should be set in VirtualService and it must have exactly one route',
    );
    expect(selectRoutes('tls', [], config, backends, [])).toEqual([]);
    expect(() =>
      selectRoutes('tcp', [split(), split()], config, backends, []),
    ).toThrow(
      'spec.tcp[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.tcpRoutes',
    );
  });
});
