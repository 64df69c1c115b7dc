import { weightedDestinations, weightedVirtualService } from './istioWeights';

const backends = { stableService: 'web-stable', canaryService: 'web-canary' };
const config = { name: 'web', routes: [], tlsRoutes: [], tcpRoutes: [] };
const dest = (host: string, weight?: number, extra = {}) => ({
  destination: { host, ...extra },
  ...(weight === undefined ? {} : { weight }),
});

describe('weightedDestinations', () => {
  it('weights canary and stable, drops other hosts, keeps destinations without a host', () => {
    const hostless = { destination: { subset: 'x' }, weight: 5 };
    expect(
      weightedDestinations(
        [
          dest('web-stable', 100),
          dest('web-canary'),
          dest('web-exp', 0),
          hostless,
        ],
        backends,
        30,
        70,
      ),
    ).toEqual([dest('web-stable', 70), dest('web-canary', 30), hostless]);
  });

  it('weights by subset with a DestinationRule and says when nothing changes', () => {
    const subsets = {
      ...backends,
      subsets: { canary: 'canary', stable: 'stable' },
    };
    const routes = [
      dest('web', 90, { subset: 'stable' }),
      dest('web', 10, { subset: 'canary' }),
    ];
    expect(weightedDestinations(routes, subsets, 10, 90)).toBeUndefined();
    // A missing weight reads as 0.
    expect(
      weightedDestinations(
        [dest('web-stable', 100), dest('web-canary')],
        backends,
        0,
        100,
      ),
    ).toBeUndefined();
  });
});

describe('weightedVirtualService', () => {
  it('returns only the lists that change, HTTP routes in managedRoutes order', () => {
    const http = [
      { route: [dest('web-stable', 100), dest('web-canary', 0)] },
      { name: 'beta', route: [dest('web-canary', 100)] },
    ];
    const tcp = [{ route: [dest('web-stable', 100), dest('web-canary', 0)] }];
    const changed = weightedVirtualService(
      { http, tcp },
      config,
      backends,
      ['beta'],
      0,
      100,
    );
    expect(changed).toBeUndefined();

    const moved = weightedVirtualService(
      { http, tcp },
      config,
      backends,
      ['beta'],
      20,
      80,
    );
    expect(moved!.http!.map(r => r.name)).toEqual(['beta', undefined]);
    expect(moved!.http![1].route).toEqual([
      dest('web-stable', 80),
      dest('web-canary', 20),
    ]);
    expect(moved!.tcp![0].route).toEqual([
      dest('web-stable', 80),
      dest('web-canary', 20),
    ]);
    expect(moved!.tls).toBeUndefined();
  });

  it('checks every kind before changing any', () => {
    const http = [{ route: [dest('web-stable', 100), dest('web-canary', 0)] }];
    const tls = [{ route: [dest('web-stable', 100)] }];
    expect(() =>
      weightedVirtualService({ http, tls }, config, backends, [], 20, 80),
    ).toThrow("Canary Service 'web-canary' not found in route");
    expect(http[0].route[0].weight).toBe(100);
  });
});
