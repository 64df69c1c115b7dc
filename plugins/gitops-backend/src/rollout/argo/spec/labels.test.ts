import { labelKeyProblem, labelValueProblem, selectorMatches } from './labels';

describe('label syntax', () => {
  it.each(['app', 'app.kubernetes.io/name', 'a_b-c.d', 'x'.repeat(63)])(
    'accepts the key %s',
    key => expect(labelKeyProblem(key)).toBeUndefined(),
  );

  it.each([
    '',
    '-app',
    'app-',
    'a b',
    'Example.com/x',
    '/x',
    'x/',
    'x'.repeat(64),
  ])('refuses the key %p', key => expect(labelKeyProblem(key)).toBeDefined());

  it('accepts empty and ordinary values, refuses others', () => {
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('v1.2_3')).toBeUndefined();
    expect(labelValueProblem('a/b')).toBeDefined();
    expect(labelValueProblem('x'.repeat(64))).toBeDefined();
  });
});

describe('selectorMatches', () => {
  const labels = { app: 'web', tier: 'front' };
  const selector = (
    matchLabels: Record<string, string>,
    matchExpressions: {
      key: string;
      operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
      values: string[];
    }[] = [],
  ) => ({ matchLabels, matchExpressions });

  it('matches labels and every operator', () => {
    expect(selectorMatches(selector({ app: 'web' }), labels)).toBe(true);
    expect(selectorMatches(selector({ app: 'api' }), labels)).toBe(false);
    expect(
      selectorMatches(
        selector({}, [
          { key: 'tier', operator: 'In', values: ['front', 'back'] },
          { key: 'zone', operator: 'NotIn', values: ['a'] },
          { key: 'app', operator: 'Exists', values: [] },
          { key: 'zone', operator: 'DoesNotExist', values: [] },
        ]),
        labels,
      ),
    ).toBe(true);
    expect(
      selectorMatches(
        selector({}, [{ key: 'tier', operator: 'NotIn', values: ['front'] }]),
        labels,
      ),
    ).toBe(false);
    expect(
      selectorMatches(
        selector({}, [{ key: 'zone', operator: 'In', values: ['a'] }]),
        labels,
      ),
    ).toBe(false);
  });
});
