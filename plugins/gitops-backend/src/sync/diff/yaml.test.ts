import { toStableYaml } from './yaml';

describe('toStableYaml', () => {
  it('prints identity first, then keys alphabetically, regardless of input order', () => {
    const a = {
      spec: { b: 1, a: 2 },
      metadata: { namespace: 'ns', name: 'n' },
      kind: 'K',
      apiVersion: 'v1',
    };
    const b = {
      apiVersion: 'v1',
      kind: 'K',
      metadata: { name: 'n', namespace: 'ns' },
      spec: { a: 2, b: 1 },
    };
    expect(toStableYaml(a)).toBe(toStableYaml(b));
    expect(toStableYaml(a)).toBe(
      'apiVersion: v1\nkind: K\nmetadata:\n  name: n\n  namespace: ns\nspec:\n  a: 2\n  b: 1\n',
    );
  });

  it('keeps long values on one line and never emits aliases', () => {
    const shared = { x: 1 };
    const text = toStableYaml({
      long: 'word '.repeat(40).trim(),
      one: shared,
      two: shared,
    });
    expect(text.split('\n')[0]).toBe(`long: ${'word '.repeat(40).trim()}`);
    expect(text).not.toMatch(/[&*]a\d/);
  });

  it('prints nothing for an absent object', () => {
    expect(toStableYaml(undefined)).toBe('');
  });
});
