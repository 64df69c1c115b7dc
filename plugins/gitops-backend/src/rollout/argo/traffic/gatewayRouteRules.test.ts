import {
  headerMatches,
  isManagedRuleName,
  weightedRules,
  withHeaderRules,
  withoutHeaderRules,
} from './gatewayRouteRules';

const services = { canaryService: 'web-canary', stableService: 'web-stable' };
const split = () => ({
  backendRefs: [
    { name: 'web-stable', weight: 100 },
    { name: 'web-canary', weight: 0 },
  ],
});

describe('Gateway API rules', () => {
  it('recognises the names it gives header rules', () => {
    expect(isManagedRuleName('beta', ['beta'])).toBe(true);
    expect(isManagedRuleName('beta-2', ['beta'])).toBe(true);
    expect(isManagedRuleName('beta-x', ['beta'])).toBe(false);
    expect(isManagedRuleName(undefined, ['beta'])).toBe(false);
  });

  it('weights split rules and skips header rules, named or canary-only', () => {
    const rules = [
      split(),
      {
        name: 'beta',
        backendRefs: [{ name: 'web-canary' }, { name: 'web-stable' }],
      },
      { backendRefs: [{ name: 'web-canary' }] },
    ];
    const next = weightedRules(rules, {
      ...services,
      canaryWeight: 25,
      stableWeight: 75,
      managedRoutes: ['beta'],
    });
    expect(next[0].backendRefs).toEqual([
      { name: 'web-stable', weight: 75 },
      { name: 'web-canary', weight: 25 },
    ]);
    expect(next.slice(1)).toEqual(rules.slice(1));
    expect(() =>
      weightedRules(rules.slice(1), {
        ...services,
        canaryWeight: 1,
        stableWeight: 99,
        managedRoutes: ['beta'],
      }),
    ).toThrow('backendRef was not found in httpRoute');
  });

  it('turns header values into Exact or RegularExpression matches', () => {
    expect(
      headerMatches({
        name: 'beta',
        match: [
          { headerName: 'a', headerValue: { exact: '1' } },
          { headerName: 'b', headerValue: { prefix: 'p' } },
          { headerName: 'c', headerValue: { regex: 'r+' } },
        ],
      }),
    ).toEqual([
      { name: 'a', type: 'Exact', value: '1' },
      { name: 'b', type: 'RegularExpression', value: 'p.*' },
      { name: 'c', type: 'RegularExpression', value: 'r+' },
    ]);
    expect(() =>
      headerMatches({
        name: 'x',
        match: [{ headerName: 'a', headerValue: {} }],
      }),
    ).toThrow('invalid header match type');
  });

  it('replaces a header route rules, leaving other header routes, and removes them all', () => {
    const route = (value: string) => ({
      name: 'beta',
      match: [{ headerName: 'x-beta', headerValue: { exact: value } }],
    });
    let rules = withHeaderRules([split()], route('1'), services);
    rules = withHeaderRules(
      rules,
      {
        ...route('1'),
        name: 'qa',
        match: [{ headerName: 'x-qa', headerValue: { exact: '1' } }],
      },
      services,
    );
    rules = withHeaderRules(rules, route('2'), services);
    expect(rules.map(r => r.name)).toEqual([undefined, 'qa', 'beta']);
    expect(rules[2].matches).toEqual([
      { headers: [{ name: 'x-beta', type: 'Exact', value: '2' }] },
    ]);
    expect(withoutHeaderRules(rules, ['beta', 'qa'], 'web-canary')).toEqual([
      split(),
    ]);
  });
});
