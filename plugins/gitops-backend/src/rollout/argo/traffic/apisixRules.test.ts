import { headerRouteRules, ruleNamed, weightRules } from './apisixRules';

const weights = {
  ruleNames: ['main'],
  canaryService: 'web-canary',
  stableService: 'web-stable',
  canaryWeight: 10,
  stableWeight: 90,
};

describe('APISIX rules', () => {
  it('wants every rule before the one named to have a name, as Argo does', () => {
    expect(() => ruleNamed([{}, { name: 'main' }], 'main')).toThrow(
      'Apisix http route rule name field not found',
    );
    expect(ruleNamed([{ name: 'main' }, {}], 'main')).toEqual({ name: 'main' });
  });

  it('sets the first backend of each service and wants every backend before it named', () => {
    const http = [
      {
        name: 'main',
        backends: [
          { serviceName: 'web-stable', weight: 100 },
          { serviceName: 'web-canary', weight: 0 },
          { serviceName: 'web-canary', weight: 7 },
        ],
      },
    ];
    weightRules(http, weights);
    expect(http[0].backends.map(b => b.weight)).toEqual([90, 10, 7]);
    expect(() =>
      weightRules([{ name: 'main', backends: [{ weight: 1 }] }], weights),
    ).toThrow('serviceName field was not found in backend');
    expect(() => weightRules([{ name: 'main' }], weights)).toThrow(
      'Apisix http route backends not found',
    );
  });

  it('sends a header rule wholly to the canary one priority up', () => {
    const http: any[] = [
      {
        name: 'main',
        match: {
          paths: ['/*'],
          exprs: [
            { subject: { scope: 'Query', name: 'a' }, op: 'Equal', value: '1' },
          ],
        },
        backends: [
          { serviceName: 'web-stable', weight: 90 },
          { serviceName: 'web-canary', weight: 10 },
        ],
      },
    ];
    headerRouteRules(
      http,
      {
        name: 'beta',
        match: [{ headerName: 'x-b', headerValue: { regex: 'b+' } }],
      },
      weights,
    );
    expect(http[0]).toEqual({
      name: 'main',
      priority: 1,
      match: {
        paths: ['/*'],
        exprs: [
          {
            subject: { scope: 'Header', name: 'x-b' },
            op: 'RegexMatch',
            value: 'b+',
          },
        ],
      },
      backends: [{ serviceName: 'web-canary', weight: 100 }],
    });
  });
});
